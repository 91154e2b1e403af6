package io.supabackup.domain.port.out;

import io.supabackup.domain.model.DatabaseEndpoint;
import io.supabackup.domain.model.DatabaseInfo;
import io.supabackup.domain.model.DumpKind;
import io.supabackup.domain.model.DumpMode;
import io.supabackup.domain.model.TableStats;
import java.util.List;

/**
 * Reads a database out as dumps. Every method fails with a
 * {@link io.supabackup.domain.error.SupabackupException} whose message names the problem and the fix.
 */
public interface DatabaseExporter {

    /**
     * Connects, reads the server version and chooses the client tools for it. Called before anything
     * is written, so that an unreachable server or an unsuitable pg_dump fails early.
     */
    DatabaseInfo inspect(DatabaseEndpoint source);

    /**
     * Runs the dump and hands its output to {@code consumer} as it is produced, never buffering it
     * whole. Returns once the dump has ended; if the dump fails after {@code consumer} returned, it throws.
     */
    void dump(DatabaseEndpoint source, DumpKind kind, StreamConsumer consumer);

    /** Streams every table of the user schemas as JSON Lines, one object per row, table by table. */
    void exportTables(DatabaseEndpoint source, TableSink sink);

    /** Streams the current value of every sequence of the user schemas as JSON Lines. */
    void exportSequences(DatabaseEndpoint source, StreamConsumer consumer);

    /**
     * The row count and content hash of every table whose rows a dump in {@code mode} carries (the
     * {@link DumpKind#DATA} dump for {@link DumpMode#SUPABASE}, the archive's data for {@link DumpMode#FULL}),
     * read from the live database in one consistent snapshot. Each row is hashed as the very line pg_dump
     * would write for it, so for an unchanged database the result equals what
     * {@link io.supabackup.domain.service.CopyStatsInputStream} finds in that dump. Sorted by schema, then table.
     */
    List<TableStats> tableStats(DatabaseEndpoint source, DumpMode mode);
}
