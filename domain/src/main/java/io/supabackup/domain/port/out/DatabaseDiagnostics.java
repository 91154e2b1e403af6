package io.supabackup.domain.port.out;

import io.supabackup.domain.model.ClientTool;
import io.supabackup.domain.model.DatabaseEndpoint;
import io.supabackup.domain.model.DatabaseServer;
import java.util.Optional;

/**
 * The database side of a setup check, asked one question at a time so that one failing answer does not
 * hide the others: {@link DatabaseExporter#inspect} answers both at once and stops at the first problem.
 * Failures are {@link io.supabackup.domain.error.SupabackupException}s naming the problem and the fix.
 */
public interface DatabaseDiagnostics {
    /** Connects once and reads what the server is; an unreachable server or a refused login fails as DATABASE. */
    DatabaseServer server(DatabaseEndpoint endpoint);

    /**
     * The copy of {@code tool} ({@code pg_dump}, {@code pg_dumpall}, {@code psql} or {@code pg_restore}) that a
     * backup or restore against {@code server} would run; without a server, the newest found. Fails as TOOL
     * when the tool is missing, or for pg_dump and pg_dumpall when none is as new as the server.
     */
    ClientTool clientTool(String tool, Optional<DatabaseServer> server);
}
