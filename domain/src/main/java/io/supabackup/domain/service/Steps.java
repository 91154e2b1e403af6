package io.supabackup.domain.service;

import io.supabackup.domain.port.out.ProgressListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Runs the named steps of a use case, telling the progress listener when each starts and ends. */
final class Steps {
    private final ProgressListener progress;
    private final Clock clock;

    Steps(ProgressListener progress, Clock clock) {
        this.progress = progress;
        this.clock = clock;
    }

    /** Runs {@code work}, which returns how many bytes it moved. */
    void run(String step, Work work) {
        run(step, tracked -> work.run());
    }

    /** Runs {@code work}, which reports how far it got through the {@link StepProgress} it is given. */
    void run(String step, TrackedWork work) {
        progress.stepStarted(step);
        Instant started = clock.instant();
        long bytes;
        try {
            bytes = work.run(new StepProgress(step, progress));
        } catch (RuntimeException | Error e) {
            progress.stepFailed(step, Duration.between(started, clock.instant()));
            throw e;
        }
        progress.stepFinished(step, bytes, Duration.between(started, clock.instant()));
    }

    @FunctionalInterface
    interface Work {
        long run();
    }

    @FunctionalInterface
    interface TrackedWork {
        long run(StepProgress progress);
    }
}
