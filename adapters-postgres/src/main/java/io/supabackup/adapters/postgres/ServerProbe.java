package io.supabackup.adapters.postgres;

import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import io.supabackup.domain.model.DatabaseEndpoint;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * What one short JDBC session tells about a server before any tool runs; {@code supabase} is true when the
 * database has the {@code auth} and {@code storage} schemas a Supabase project always has.
 */
record ServerProbe(String version, int major, boolean dumpAsPostgresRole, int userTables, String user,
                   boolean supabase) {

    /**
     * {@code pg_class} rows that are user tables: ordinary or partitioned (not partitions, whose rows the
     * parent holds), outside the platform schemas, and not owned by an extension, which recreates them.
     */
    static final String USER_TABLES = """
            FROM pg_catalog.pg_class c
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
              AND n.nspname !~ ?
              AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                              WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
            """;

    static final String USER_SCHEMA_EXCLUSION = PlatformSchemas.postgresRegex(PlatformSchemas.SCHEMA_EXCLUDED);

    /**
     * Reads the version and decides whether pg_dump should {@code SET ROLE postgres}: as the Supabase CLI
     * does when it logs in with a role that is a member of postgres (not postgres itself, not a superuser,
     * and never where no postgres role exists).
     */
    static ServerProbe of(DatabaseEndpoint endpoint) {
        try (Connection c = Connections.open(endpoint);
             PreparedStatement s = c.prepareStatement("""
                     SELECT current_setting('server_version'), current_setting('server_version_num')::int,
                            CASE WHEN EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'postgres')
                                  AND current_user <> 'postgres'
                                  AND NOT (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user)
                                 THEN pg_catalog.pg_has_role(current_user, 'postgres', 'MEMBER')
                                 ELSE false END,
                            (SELECT count(*) """ + USER_TABLES + "),"
                     + """
                            current_user,
                            (SELECT count(*) FROM pg_catalog.pg_namespace WHERE nspname IN ('auth', 'storage')) = 2
                     """)) {
            s.setString(1, USER_SCHEMA_EXCLUSION);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                String version = rs.getString(1).split("\\s+")[0];
                int num = rs.getInt(2);
                int major = num / 10000;
                return new ServerProbe(version, major, rs.getBoolean(3), rs.getInt(4), rs.getString(5), rs.getBoolean(6));
            }
        } catch (SQLException e) {
            throw new SupabackupException(FailureKind.DATABASE,
                    "cannot read the server version at " + endpoint.redacted() + ": "
                            + Connections.scrub(e.getMessage(), endpoint), null, e);
        }
    }
}
