package io.supabackup.cli.config;

import io.supabackup.cli.wiring.AppConfig;
import io.supabackup.domain.model.DatabaseEndpoint;
import io.supabackup.domain.model.DumpMode;
import io.supabackup.domain.model.RetentionPolicy;
import io.supabackup.domain.port.in.BackupCommand;
import io.supabackup.domain.port.in.PruneCommand;
import io.supabackup.domain.port.in.StorageSelection;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One project of the projects file with its secrets looked up: the configuration its facade is built from,
 * and what its backup and prune do.
 *
 * @param name       the project's name in the file; also the job name its runs report under
 * @param repository the name of the repository it goes to
 * @param config     the object graph's configuration
 * @param database   the database to dump, or null when {@code parts} leaves it out
 * @param parts      db, storage and auth: what the backup holds
 * @param keep       the retention rules of {@code --prune}, when the project has any
 */
public record ResolvedProject(String name, String repository, AppConfig config, DatabaseEndpoint database,
                              Set<String> parts, boolean full, boolean tableJson, Set<String> excludedBuckets,
                              int parallel, Optional<RetentionPolicy> keep) {
    /** Incomplete backups younger than this are left to a backup that may still be running, as prune's default. */
    public static final Duration INCOMPLETE_GRACE = Duration.ofHours(1);

    public ResolvedProject {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(config, "config");
        parts = Set.copyOf(parts);
        excludedBuckets = Set.copyOf(excludedBuckets);
        Objects.requireNonNull(keep, "keep");
    }

    public BackupCommand backupCommand(boolean dryRun) {
        boolean db = parts.contains("db");
        return new BackupCommand(db ? database : null, full ? DumpMode.FULL : DumpMode.SUPABASE, tableJson,
                parts.contains("auth"), new StorageSelection(parts.contains("storage"), excludedBuckets, parallel, false),
                db, dryRun);
    }

    /** The prune of its keep rules; empty when the project has none. */
    public Optional<PruneCommand> pruneCommand(boolean dryRun) {
        return keep.map(policy -> new PruneCommand(policy, INCOMPLETE_GRACE, dryRun));
    }
}
