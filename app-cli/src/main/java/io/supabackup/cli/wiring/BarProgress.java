package io.supabackup.cli.wiring;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;

/**
 * Progress on a terminal: one line, redrawn in place at most five times a second, that a finished step
 * replaces with its summary. A step quicker than one tick leaves only its summary.
 */
final class BarProgress extends ConsoleProgress {
    static final Duration TICK = Duration.ofMillis(200);
    /** Back to the start of the line, then erase the whole line (ANSI EL 2). */
    static final String ERASE = "\r\u001b[2K";

    private final int width;
    private boolean drawn;

    BarProgress(PrintStream err, Clock clock, Duration tickEvery, int width) {
        super(err, clock, tickEvery);
        this.width = width;
    }

    @Override
    protected void started(StepSnapshot start) {
        // the first tick draws the bar
    }

    @Override
    protected void ticked(StepSnapshot now) {
        err.print(ERASE + ProgressText.bar(now, width));
        err.flush();
        drawn = true;
    }

    @Override
    protected void finished(String step, long bytes, long items, Duration took) {
        erase();
        err.println(ProgressText.finished(step, bytes, items, took));
    }

    @Override
    protected void failed(StepSnapshot last, Duration took) {
        erase();
        err.println(ProgressText.failed(last, took));
    }

    /** The next tick draws the bar again, below the warning. */
    @Override
    protected void warned(String message) {
        erase();
        err.println("! " + message);
    }

    private void erase() {
        if (drawn) {
            err.print(ERASE);
            drawn = false;
        }
    }
}
