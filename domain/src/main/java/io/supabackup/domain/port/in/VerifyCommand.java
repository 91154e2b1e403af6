package io.supabackup.domain.port.in;

/**
 * Which backups to check, and how deeply.
 *
 * @param backup a backup id or {@code latest}; ignored with {@code all}
 * @param all    every backup of the repository
 * @param quick  only presence and sizes of the stored files, without reading them
 * @param drill  also restore the database into a throwaway PostgreSQL and compare every table with what was
 *               recorded at backup time
 */
public record VerifyCommand(String backup, boolean all, boolean quick, boolean drill) {
    public VerifyCommand {
        backup = backup == null || backup.isBlank() ? "latest" : backup.trim();
        if (quick && drill) {
            throw new IllegalArgumentException("--quick and --drill do not go together: a drill reads everything");
        }
    }

    public VerifyCommand(String backup, boolean all, boolean quick) {
        this(backup, all, quick, false);
    }
}
