package io.supabackup.cli.wiring;

import io.supabackup.domain.port.out.ProgressListener;
import java.io.PrintStream;
import java.time.Duration;

/** Progress as plain lines on standard error, so that standard output stays clean for results. */
final class ConsoleProgress implements ProgressListener {
    private final PrintStream err;

    ConsoleProgress(PrintStream err) {
        this.err = err;
    }

    @Override
    public void stepStarted(String step) {
        err.println("… " + step);
    }

    @Override
    public void stepFinished(String step, long bytes, Duration took) {
        err.println("✓ " + step + ": " + Sizes.human(bytes) + " in " + Sizes.seconds(took));
    }

    @Override
    public void warning(String message) {
        err.println("! " + message);
    }
}
