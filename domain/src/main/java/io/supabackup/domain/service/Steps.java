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
        progress.stepStarted(step);
        Instant started = clock.instant();
        long bytes = work.run();
        progress.stepFinished(step, bytes, Duration.between(started, clock.instant()));
    }

    @FunctionalInterface
    interface Work {
        long run();
    }
}
