package io.supabackup.adapters.postgres;

import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import io.supabackup.domain.model.DatabaseEndpoint;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The user's own objects on platform tables, which a dump that leaves the platform schemas out cannot
 * carry: row-level security policies on {@code storage.objects}, {@code realtime.messages} and the like,
 * and triggers such as {@code on_auth_user_created} on {@code auth.users} that call the user's functions.
 * A new project has no policies on these tables, and its own triggers call platform functions, so what is
 * found here is the user's. Tables an extension owns (pg_cron's {@code cron.job}) are the extension's.
 */
final class PlatformObjects {
    private static final String PLATFORM_TABLE = """
            JOIN pg_catalog.pg_class c ON c.oid = %s
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname ~ ? AND n.nspname NOT IN ('pg_catalog', 'information_schema')
              AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                              WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
            """;

    private static final String POLICIES = """
            SELECT pg_catalog.format('%I.%I', n.nspname, c.relname), pg_catalog.quote_ident(p.polname),
                   p.polpermissive, p.polcmd,
                   CASE WHEN p.polroles = '{0}' THEN 'PUBLIC' ELSE
                     (SELECT pg_catalog.string_agg(pg_catalog.quote_ident(r.rolname), ', ' ORDER BY r.rolname)
                      FROM pg_catalog.pg_roles r WHERE r.oid = ANY (p.polroles)) END,
                   pg_catalog.pg_get_expr(p.polqual, p.polrelid), pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid)
            FROM pg_catalog.pg_policy p
            """ + PLATFORM_TABLE.formatted("p.polrelid") + " ORDER BY 1, 2";

    private static final String TRIGGERS = """
            SELECT pg_catalog.format('%I.%I', n.nspname, c.relname), pg_catalog.quote_ident(t.tgname),
                   pg_catalog.pg_get_triggerdef(t.oid), t.tgenabled
            FROM pg_catalog.pg_trigger t
            JOIN pg_catalog.pg_proc f ON f.oid = t.tgfoid
            JOIN pg_catalog.pg_namespace fn ON fn.oid = f.pronamespace
            """ + PLATFORM_TABLE.formatted("t.tgrelid") + """
              AND NOT t.tgisinternal AND fn.nspname !~ ?
            ORDER BY 1, 2""";

    private PlatformObjects() {
    }

    /** The SQL that recreates them, idempotent so it can be replayed over what a project already has. */
    static String script(DatabaseEndpoint source) {
        StringBuilder sql = new StringBuilder("""
                -- The user's policies and triggers on platform tables (supabackup).
                SELECT pg_catalog.set_config('search_path', '', false);
                """);
        try (Connection c = Connections.open(source)) {
            try (Statement s = c.createStatement()) {
                // an empty search path makes pg_get_expr and pg_get_triggerdef qualify every name
                s.execute("SET search_path = ''");
            }
            try (PreparedStatement s = c.prepareStatement(POLICIES)) {
                s.setString(1, ServerProbe.USER_SCHEMA_EXCLUSION);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        appendPolicy(sql, rs);
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement(TRIGGERS)) {
                s.setString(1, ServerProbe.USER_SCHEMA_EXCLUSION);
                s.setString(2, ServerProbe.USER_SCHEMA_EXCLUSION);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        appendTrigger(sql, rs);
                    }
                }
            }
        } catch (SQLException e) {
            throw new SupabackupException(FailureKind.DATABASE, "reading the policies and triggers of the platform "
                    + "tables of " + source.redacted() + " failed: " + Connections.scrub(e.getMessage(), source), null, e);
        }
        return sql.toString();
    }

    private static void appendPolicy(StringBuilder sql, ResultSet rs) throws SQLException {
        String table = rs.getString(1);
        String name = rs.getString(2);
        String command = switch (rs.getString(4)) {
            case "r" -> "SELECT";
            case "a" -> "INSERT";
            case "w" -> "UPDATE";
            case "d" -> "DELETE";
            default -> "ALL";
        };
        sql.append("\nDROP POLICY IF EXISTS ").append(name).append(" ON ").append(table).append(";\n")
                .append("CREATE POLICY ").append(name).append(" ON ").append(table)
                .append(" AS ").append(rs.getBoolean(3) ? "PERMISSIVE" : "RESTRICTIVE")
                .append(" FOR ").append(command).append(" TO ").append(rs.getString(5));
        String using = rs.getString(6);
        String check = rs.getString(7);
        if (using != null) {
            sql.append(" USING (").append(using).append(')');
        }
        if (check != null) {
            sql.append(" WITH CHECK (").append(check).append(')');
        }
        sql.append(";\n");
    }

    private static void appendTrigger(StringBuilder sql, ResultSet rs) throws SQLException {
        String table = rs.getString(1);
        String name = rs.getString(2);
        sql.append("\nDROP TRIGGER IF EXISTS ").append(name).append(" ON ").append(table).append(";\n")
                .append(rs.getString(3)).append(";\n");
        switch (rs.getString(4)) {
            case "D" -> sql.append("ALTER TABLE ").append(table).append(" DISABLE TRIGGER ").append(name).append(";\n");
            case "R" -> sql.append("ALTER TABLE ").append(table).append(" ENABLE REPLICA TRIGGER ").append(name).append(";\n");
            case "A" -> sql.append("ALTER TABLE ").append(table).append(" ENABLE ALWAYS TRIGGER ").append(name).append(";\n");
            default -> {
                // 'O': enabled in the usual way, as CREATE TRIGGER leaves it
            }
        }
    }
}
