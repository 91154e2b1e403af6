package io.supabackup.cli.wiring;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;

/**
 * Progress where standard error is a pipe, a file or a log: whole lines only, no carriage returns. A step
 * says when it starts and ends, and while it runs a line with its numbers every {@link #EVERY}.
 */
final class PlainProgress extends ConsoleProgress {
    static final Duration EVERY = Duration.ofSeconds(10);
    static final Duration TICK = Duration.ofSeconds(1);

    private Duration lastLine = Duration.ZERO;

    PlainProgress(PrintStream err, Clock clock, Duration tickEvery) {
        super(err, clock, tickEvery);
    }

    @Override
    protected void started(StepSnapshot start) {
        lastLine = Duration.ZERO;
        err.println("… " + start.step());
    }

    @Override
    protected void ticked(StepSnapshot now) {
        if (now.elapsed().minus(lastLine).compareTo(EVERY) >= 0) {
            lastLine = now.elapsed();
            err.println(ProgressText.line(now));
        }
    }

    @Override
    protected void finished(String step, long bytes, long items, Duration took) {
        err.println(ProgressText.finished(step, bytes, items, took));
    }

    @Override
    protected void failed(StepSnapshot last, Duration took) {
        err.println(ProgressText.failed(last, took));
    }

    @Override
    protected void warned(String message) {
        err.println("! " + message);
    }
}
