package io.supabackup.cli.wiring;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How a run ended, for notifications and metrics. Every text in it has already been redacted.
 *
 * @param command    backup, verify or prune
 * @param job        the name the run reports under
 * @param ok         true when the run succeeded
 * @param exitCode   the exit code the run ends with
 * @param backupId   the backup made or checked, or null
 * @param bytes      bytes stored (backup), checked (verify) or freed (prune)
 * @param files      files stored, checked or removed
 * @param error      the one-line error of a failed run, or null
 */
public record RunOutcome(String command, String job, boolean ok, int exitCode, String backupId, long bytes, long files,
                         Duration took, Instant finishedAt, String repository, String error) {
    public RunOutcome {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(took, "took");
        Objects.requireNonNull(finishedAt, "finishedAt");
    }

    /** One line a person reads in a chat channel. */
    public String text() {
        String where = repository == null ? "" : " in " + repository;
        if (ok) {
            return "supabackup " + command + " [" + job + "] succeeded" + (backupId == null ? "" : ": " + backupId)
                    + where + ", " + files + " file(s), " + Sizes.human(bytes) + " in " + Sizes.seconds(took);
        }
        return "supabackup " + command + " [" + job + "] FAILED (exit " + exitCode + ")" + where + ": " + error;
    }
}
