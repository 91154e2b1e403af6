package io.supabackup.domain.port.out;

import io.supabackup.domain.model.DatabaseEndpoint;
import io.supabackup.domain.model.DatabaseInfo;
import io.supabackup.domain.model.DumpKind;

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
}
