package io.supabackup.domain.port.out;

import io.supabackup.domain.model.DatabaseEndpoint;
import io.supabackup.domain.model.DatabaseInfo;
import io.supabackup.domain.model.DumpKind;
import io.supabackup.domain.model.TableRef;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Writes dumps back into a database. A restore step reads its input to the end; if reading the input
 * throws (for instance because its checksum did not match), the step is aborted and what it did is
 * rolled back.
 */
public interface DatabaseImporter {

    /** Connects to the target, reads its version, chooses the tools and counts the tables of its user schemas. */
    DatabaseInfo inspect(DatabaseEndpoint target);

    /**
     * Replays plain-SQL dumps in the order given, all in ONE transaction: if any of them fails, or reading
     * any of them throws, nothing of any of them is kept.
     */
    void restore(DatabaseEndpoint target, List<SqlDump> dumps);

    /** Replays one plain-SQL dump in its own transaction. */
    default void restore(DatabaseEndpoint target, DumpKind kind, InputStream sql) {
        restore(target, List.of(new SqlDump(kind, sql)));
    }

    /** Restores a {@link DumpKind#FULL} archive from a local file with {@code jobs} parallel workers. */
    void restoreArchive(DatabaseEndpoint target, Path archive, int jobs, boolean clean);

    /**
     * Makes an empty database on a plain PostgreSQL (a {@link ScratchDatabases} scratch) ready for the
     * {@link #restore} of a Supabase-mode backup: creates the Supabase reserved roles its dumps refer to
     * ({@code anon}, {@code authenticated}, {@code service_role}, {@code supabase_admin}, ...) where they are
     * missing, then replays {@code platformSchemaSql} (a {@link DumpKind#PLATFORM_SCHEMA} dump) WITHOUT
     * stopping at errors, so that {@code auth.users}, {@code storage.objects} and the like exist for the data
     * dump. Roles are cluster-wide: on a shared server they stay after the scratch database is dropped.
     *
     * @param platformSchemaSql the backup's platform schema dump; empty for a backup made before there was one,
     *                          which then prepares only the roles
     * @return what failed without stopping the preparation (an extension the scratch server lacks, a role the
     *         connecting user may not create), one line each; empty when everything went in
     */
    List<String> prepareScratch(DatabaseEndpoint scratch, Optional<InputStream> platformSchemaSql);

    /** Inserts rows given as JSON Lines into an existing table; returns the number of rows inserted. */
    long importTable(DatabaseEndpoint target, TableRef table, InputStream jsonLines);

    /** Sets sequences to the values {@link DatabaseExporter#exportSequences} recorded. */
    void importSequences(DatabaseEndpoint target, InputStream jsonLines);
}
