package io.supabackup.domain.port.in;

/**
 * Which backups to check, and how deeply.
 *
 * @param backup a backup id or {@code latest}; ignored with {@code all}
 * @param all    every backup of the repository
 * @param quick  only presence and sizes of the stored files, without reading them
 */
public record VerifyCommand(String backup, boolean all, boolean quick) {
    public VerifyCommand {
        backup = backup == null || backup.isBlank() ? "latest" : backup.trim();
    }
}
