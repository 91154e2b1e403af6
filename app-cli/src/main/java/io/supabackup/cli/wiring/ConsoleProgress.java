package io.supabackup.cli.wiring;

import io.supabackup.domain.port.out.ProgressListener;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;

/**
 * Progress on standard error, so that standard output stays clean for results: a redrawn bar on a terminal
 * ({@link BarProgress}), plain lines elsewhere ({@link PlainProgress}). Workers only add to the running
 * step's counters and never wait for the console; a daemon ticker reads the counters and prints, so the
 * cost of printing does not depend on how often work is reported.
 */
abstract class ConsoleProgress implements ProgressListener {
    protected final PrintStream err;
    private final Clock clock;
    private final Duration tickEvery;
    /** Guards the output and the ticker, never taken by {@link #advanced} or {@link #expect}. */
    private final Object lock = new Object();
    private volatile StepTally current;
    private Thread ticker;

    /** @param tickEvery how often the ticker looks at the counters; zero for no ticker (tests call {@link #tick}) */
    ConsoleProgress(PrintStream err, Clock clock, Duration tickEvery) {
        this.err = err;
        this.clock = clock;
        this.tickEvery = tickEvery;
    }

    @Override
    public final void stepStarted(String step) {
        StepTally tally = new StepTally(step, clock.instant());
        synchronized (lock) {
            current = tally;
            started(tally.at(clock.instant()));
            startTicker();
        }
    }

    @Override
    public final void expect(String step, long totalBytes, long totalItems) {
        StepTally tally = running(step);
        if (tally != null) {
            tally.expect(totalBytes, totalItems);
        }
    }

    @Override
    public final void advanced(String step, long bytes, long items) {
        StepTally tally = running(step);
        if (tally != null) {
            tally.advance(bytes, items);
        }
    }

    @Override
    public final void stepFinished(String step, long bytes, Duration took) {
        synchronized (lock) {
            StepSnapshot last = end(step);
            finished(step, bytes, last == null ? 0 : last.items(), took);
        }
    }

    @Override
    public final void stepFailed(String step, Duration took) {
        synchronized (lock) {
            StepSnapshot last = end(step);
            failed(last == null ? new StepSnapshot(step, 0, 0, UNKNOWN, UNKNOWN, took) : last, took);
        }
    }

    @Override
    public final void warning(String message) {
        synchronized (lock) {
            warned(message);
        }
    }

    /** Shows the running step as it is now; called by the ticker, and by tests with a fixed clock. */
    final void tick() {
        StepTally tally = current;
        if (tally == null) {
            return;
        }
        synchronized (lock) {
            // the step may have ended while this thread waited for the lock
            if (current == tally) {
                ticked(tally.at(clock.instant()));
            }
        }
    }

    /** Called with the lock held. */
    protected abstract void started(StepSnapshot start);

    /** Called with the lock held. */
    protected abstract void ticked(StepSnapshot now);

    /** Called with the lock held. */
    protected abstract void finished(String step, long bytes, long items, Duration took);

    /** Called with the lock held. */
    protected abstract void failed(StepSnapshot last, Duration took);

    /** Called with the lock held. */
    protected abstract void warned(String message);

    private StepTally running(String step) {
        StepTally tally = current;
        return tally != null && tally.step().equals(step) ? tally : null;
    }

    /** Stops the ticker and forgets the step; returns its last counters. Called with the lock held. */
    private StepSnapshot end(String step) {
        if (ticker != null) {
            ticker.interrupt();
            ticker = null;
        }
        StepTally tally = running(step);
        current = null;
        return tally == null ? null : tally.at(clock.instant());
    }

    private void startTicker() {
        if (tickEvery.isZero() || ticker != null) {
            return;
        }
        long millis = tickEvery.toMillis();
        ticker = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.sleep(millis);
                    tick();
                }
            } catch (InterruptedException stopped) {
                // the step ended
            }
        }, "supabackup-progress");
        ticker.setDaemon(true);
        ticker.start();
    }
}
