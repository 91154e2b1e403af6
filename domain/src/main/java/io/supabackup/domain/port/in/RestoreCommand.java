package io.supabackup.domain.port.in;

import io.supabackup.domain.model.DatabaseEndpoint;
import java.util.Objects;

/**
 * What to restore and where.
 *
 * @param backup     a backup id or {@code latest}
 * @param target     the database to restore into
 * @param force      restore even though the target's user schemas already hold tables
 * @param assumeYes  do not ask for confirmation
 * @param fromJson   load the data from the JSON Lines export instead of the SQL data dump
 * @param jobs       parallel workers for a pg_restore of a full archive
 * @param parts      what to bring back; the target database may be {@code null} without {@link RestorePart#DATABASE}
 * @param dryRun     check everything and say what would be restored where, changing nothing
 */
public record RestoreCommand(String backup, DatabaseEndpoint target, boolean force, boolean assumeYes,
                             boolean fromJson, int jobs, java.util.Set<RestorePart> parts, StorageSelection storage,
                             boolean dryRun) {
    public RestoreCommand {
        storage = storage == null ? StorageSelection.NONE : storage;
        parts = parts == null || parts.isEmpty() ? java.util.Set.of(RestorePart.DATABASE) : java.util.Set.copyOf(parts);
        if (parts.contains(RestorePart.DATABASE)) {
            Objects.requireNonNull(target, "a target database is required (--target-db-url or --db-url)");
        }
        backup = backup == null || backup.isBlank() ? "latest" : backup.trim();
        if (jobs < 1) {
            throw new IllegalArgumentException("--jobs must be at least 1, not " + jobs);
        }
    }

    public RestoreCommand(String backup, DatabaseEndpoint target, boolean force, boolean assumeYes, boolean fromJson,
                          int jobs) {
        this(backup, target, force, assumeYes, fromJson, jobs, java.util.Set.of(RestorePart.DATABASE), null, false);
    }
}
