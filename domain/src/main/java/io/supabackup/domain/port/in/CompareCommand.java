package io.supabackup.domain.port.in;

import io.supabackup.domain.model.DatabaseEndpoint;

/**
 * What to compare.
 *
 * @param backup   a backup id or {@code latest}
 * @param database the live database, or null to leave the database out
 * @param storage  compare the Storage buckets and files
 * @param auth     compare the number of Auth users
 */
public record CompareCommand(String backup, DatabaseEndpoint database, boolean storage, boolean auth) {
    public CompareCommand {
        backup = backup == null || backup.isBlank() ? "latest" : backup.trim();
        if (database == null && !storage && !auth) {
            throw new IllegalArgumentException("nothing to compare");
        }
    }
}
