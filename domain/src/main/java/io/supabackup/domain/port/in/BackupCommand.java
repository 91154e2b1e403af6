package io.supabackup.domain.port.in;

import io.supabackup.domain.model.DatabaseEndpoint;
import io.supabackup.domain.model.DumpMode;
import java.util.Objects;

/**
 * What to back up.
 *
 * @param source    the database to dump
 * @param mode      {@link DumpMode#SUPABASE} for a Supabase project, {@link DumpMode#FULL} for a plain PostgreSQL
 * @param tableJson also export each table of the user schemas as JSON Lines
 * @param authUsers also export the project's users through the Auth admin API
 * @param storage   which Storage files to back up
 * @param database  false to leave the database out (then {@code source} may be {@code null})
 * @param dryRun    connect and look, then say what would be backed up, writing nothing
 */
public record BackupCommand(DatabaseEndpoint source, DumpMode mode, boolean tableJson, boolean authUsers,
                            StorageSelection storage, boolean database, boolean dryRun) {
    public BackupCommand {
        if (database) {
            Objects.requireNonNull(source, "a database to back up is required (--db-url)");
        }
        Objects.requireNonNull(mode, "mode");
        storage = storage == null ? StorageSelection.NONE : storage;
        if (!database && !authUsers && !storage.included()) {
            throw new IllegalArgumentException("nothing to back up");
        }
    }

    public BackupCommand(DatabaseEndpoint source, DumpMode mode, boolean tableJson) {
        this(source, mode, tableJson, false, StorageSelection.NONE, true, false);
    }

    public BackupCommand(DatabaseEndpoint source, DumpMode mode, boolean tableJson, boolean authUsers,
                         StorageSelection storage, boolean database) {
        this(source, mode, tableJson, authUsers, storage, database, false);
    }
}
