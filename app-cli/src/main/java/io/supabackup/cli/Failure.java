package io.supabackup.cli;

import io.supabackup.domain.error.SupabackupException;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * What a failed run tells: its exit code, its one-line message and the hint that goes with it. One reading for
 * every place that reports a failure (a command, a project of {@code --all-projects}, a webhook or metrics
 * file), so that they all give the same code for the same failure.
 *
 * @param hint null when there is none
 */
public record Failure(int code, String message, String hint) {
    /** The first {@link SupabackupException} in the chain of causes, else what the throwable's type says. */
    public static Failure of(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SupabackupException known) {
                return new Failure(ExitCodes.of(known.kind()), known.getMessage(), known.hint());
            }
        }
        if (e instanceof IllegalArgumentException) {
            return new Failure(ExitCodes.USAGE, e.getMessage(), null);
        }
        if (e instanceof UncheckedIOException || e instanceof IOException) {
            return new Failure(ExitCodes.UNEXPECTED, e.getMessage(),
                    "check that the repository and the database are reachable; --debug shows details");
        }
        return new Failure(ExitCodes.UNEXPECTED, "unexpected error: " + e,
                "run again with --debug for details and report it");
    }
}
