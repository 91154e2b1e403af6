package io.supabackup.adapters.postgres;

import io.supabackup.domain.model.ClientTool;
import io.supabackup.domain.model.DatabaseEndpoint;
import io.supabackup.domain.model.DatabaseServer;
import io.supabackup.domain.port.out.DatabaseDiagnostics;
import java.util.Arrays;
import java.util.Optional;

/** Answers the setup check's questions with the same probe and the same tool choice that backups and restores use. */
final class PgDatabaseDiagnostics implements DatabaseDiagnostics {
    /** Without a server to compare with, the tools to suggest are those that serve every hosted Supabase project. */
    static final int NEWEST_SUPABASE_MAJOR = 17;

    private final ToolLocator tools;

    PgDatabaseDiagnostics(ToolLocator tools) {
        this.tools = tools;
    }

    @Override
    public DatabaseServer server(DatabaseEndpoint endpoint) {
        ServerProbe probe = ServerProbe.of(endpoint);
        return new DatabaseServer(probe.version(), probe.major(), probe.user(), probe.supabase(), probe.userTables());
    }

    @Override
    public ClientTool clientTool(String name, Optional<DatabaseServer> server) {
        PgTool tool = Arrays.stream(PgTool.values()).filter(t -> t.command().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a PostgreSQL client tool: " + name));
        ToolLocator.Found found;
        if (server.isEmpty()) {
            found = tools.newest(tool, NEWEST_SUPABASE_MAJOR);
        } else if (tool == PgTool.PG_DUMP || tool == PgTool.PG_DUMPALL) {
            // as the exporter chooses: nothing older than the server, which pg_dump would refuse
            found = tools.require(tool, server.get().major(), server.get().version());
        } else {
            // as the importer chooses: the newest, even if older, since it only passes SQL or an archive on
            found = tools.newest(tool, server.get().major());
        }
        return new ClientTool(name, found.path().toString(), found.version().text(), found.version().major());
    }
}
