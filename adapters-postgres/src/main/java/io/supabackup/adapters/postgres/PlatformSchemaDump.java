package io.supabackup.adapters.postgres;

import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import io.supabackup.domain.model.DatabaseEndpoint;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the platform schema dump ({@code db/platform-schema.sql}) is made of, read from the catalogs: it lets a
 * plain PostgreSQL take a Supabase-mode backup, which otherwise restores only into a project that has the
 * platform schemas already.
 *
 * <ul>
 *   <li>pg_dump's part: {@code --schema-only} of the platform schemas whose data the data dump keeps (those
 *       that exist), plus the extensions objects in them depend on. With {@code -n}, pg_dump dumps no
 *       extension at all and nothing else the schemas depend on; {@code --extension} (pg_dump 14+) adds the
 *       named ones back.</li>
 *   <li>A header before it: the schemas extensions live in (the schema dump says
 *       {@code CREATE EXTENSION … WITH SCHEMA "extensions"} but leaves the schema out), the reserved roles
 *       the project has, and its {@code supabase_realtime} publications, which the schema dump alters but
 *       never creates.</li>
 *   <li>A trailer after it: a plain stand-in for every extension configuration table of those schemas (pg_cron's
 *       {@code cron.job}, pgmq's queues), created only where the extension did not create it, because the
 *       scratch server may lack the extension while the data dump still copies rows into the table.</li>
 * </ul>
 */
final class PlatformSchemaDump {
    /** Parameters of pg_dump's {@code --extension} came with pg_dump 14. */
    static final int EXTENSION_OPTION_SINCE = 14;

    /** PostgreSQL's first OID for objects that are not built in; {@code plpgsql} lies below it. */
    private static final int FIRST_NORMAL_OBJECT_ID = 16384;

    private static final String DOLLAR_TAG = "$supabackup$";

    private static final String SCHEMAS = """
            SELECT n.nspname,
                   EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                           WHERE d.classid = 'pg_catalog.pg_namespace'::pg_catalog.regclass AND d.objid = n.oid
                             AND d.deptype = 'e')
            FROM pg_catalog.pg_namespace n WHERE n.nspname = ANY (?) ORDER BY 1""";

    /**
     * Extensions that own an object in the schemas, or that an object in them uses (a column type, an operator
     * class of an index, a function in a default, ...), or that live in one of them.
     */
    private static final String EXTENSIONS = """
            WITH kept AS (SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = ANY (?)),
            members AS (
              SELECT d.classid, d.objid, d.refobjid AS ext FROM pg_catalog.pg_depend d
              WHERE d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass AND d.deptype = 'e'),
            users AS (
              SELECT d.classid, d.objid, m.ext FROM pg_catalog.pg_depend d
              JOIN members m ON m.classid = d.refclassid AND m.objid = d.refobjid
              WHERE d.deptype IN ('n', 'a')
              UNION ALL
              SELECT classid, objid, ext FROM members)
            SELECT DISTINCT e.extname
            FROM users u JOIN pg_catalog.pg_extension e ON e.oid = u.ext
            WHERE e.oid >= ? AND (e.extnamespace IN (SELECT oid FROM kept) OR (CASE u.classid
              WHEN 'pg_catalog.pg_class'::pg_catalog.regclass
                THEN (SELECT relnamespace FROM pg_catalog.pg_class WHERE oid = u.objid)
              WHEN 'pg_catalog.pg_proc'::pg_catalog.regclass
                THEN (SELECT pronamespace FROM pg_catalog.pg_proc WHERE oid = u.objid)
              WHEN 'pg_catalog.pg_type'::pg_catalog.regclass
                THEN (SELECT typnamespace FROM pg_catalog.pg_type WHERE oid = u.objid)
              WHEN 'pg_catalog.pg_constraint'::pg_catalog.regclass
                THEN (SELECT connamespace FROM pg_catalog.pg_constraint WHERE oid = u.objid)
              WHEN 'pg_catalog.pg_attrdef'::pg_catalog.regclass
                THEN (SELECT c.relnamespace FROM pg_catalog.pg_attrdef a
                      JOIN pg_catalog.pg_class c ON c.oid = a.adrelid WHERE a.oid = u.objid)
              WHEN 'pg_catalog.pg_trigger'::pg_catalog.regclass
                THEN (SELECT c.relnamespace FROM pg_catalog.pg_trigger t
                      JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid WHERE t.oid = u.objid)
              WHEN 'pg_catalog.pg_policy'::pg_catalog.regclass
                THEN (SELECT c.relnamespace FROM pg_catalog.pg_policy p
                      JOIN pg_catalog.pg_class c ON c.oid = p.polrelid WHERE p.oid = u.objid)
              WHEN 'pg_catalog.pg_rewrite'::pg_catalog.regclass
                THEN (SELECT c.relnamespace FROM pg_catalog.pg_rewrite r
                      JOIN pg_catalog.pg_class c ON c.oid = r.ev_class WHERE r.oid = u.objid)
              END) IN (SELECT oid FROM kept))
            ORDER BY 1""";

    /** Schemas holding an extension, other than those every database has. */
    private static final String EXTENSION_SCHEMAS = """
            SELECT DISTINCT n.nspname FROM pg_catalog.pg_extension e
            JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
            WHERE n.nspname NOT IN ('pg_catalog', 'public') ORDER BY 1""";

    private static final String ALL_EXTENSIONS = """
            SELECT extname FROM pg_catalog.pg_extension WHERE oid >= ? ORDER BY 1""";

    private static final String RESERVED_ROLES = """
            SELECT rolname FROM pg_catalog.pg_roles WHERE rolname ~ ? AND rolname !~ '^cli_login_' ORDER BY 1""";

    private static final String PUBLICATIONS = """
            SELECT pubname FROM pg_catalog.pg_publication WHERE pubname LIKE 'supabase\\_realtime%' ORDER BY 1""";

    /** Configuration tables of extensions in the schemas, with the columns pg_dump copies (generated ones left out). */
    private static final String CONFIGURATION_TABLES = """
            SELECT n.nspname, c.relname,
                   (SELECT pg_catalog.array_agg(pg_catalog.quote_ident(a.attname) || ' '
                                                || pg_catalog.format_type(a.atttypid, a.atttypmod) ORDER BY a.attnum)
                    FROM pg_catalog.pg_attribute a
                    WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '')
            FROM pg_catalog.pg_extension e
            JOIN pg_catalog.pg_class c ON c.oid = ANY (e.extconfig)
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind = 'r' AND n.nspname = ANY (?)
            ORDER BY 1, 2""";

    /**
     * @param schemas    the platform schemas to dump, each as it exists in the source
     * @param extensions the extensions to add with {@code --extension}
     * @param header     SQL to run before pg_dump's output
     * @param trailer    SQL to run after it
     */
    record Plan(List<String> schemas, List<String> extensions, String header, String trailer) {
        Plan {
            schemas = List.copyOf(schemas);
            extensions = List.copyOf(extensions);
        }

        /** Whether there is anything for pg_dump to do: with no platform schema, only the header is written. */
        boolean runsPgDump() {
            return !schemas.isEmpty();
        }

        /** pg_dump's options selecting what to dump, each name quoted so that pg_dump reads it literally. */
        List<String> selection(ToolVersion pgDump) {
            List<String> options = new ArrayList<>();
            schemas.forEach(schema -> options.add("--schema=" + quotedPattern(schema)));
            if (pgDump.major() >= EXTENSION_OPTION_SINCE) {
                extensions.forEach(extension -> options.add("--extension=" + quotedPattern(extension)));
            }
            return options;
        }
    }

    private PlatformSchemaDump() {
    }

    static Plan plan(DatabaseEndpoint source, ToolVersion pgDump) {
        List<String> kept = PlatformSchemas.DATA_KEPT.stream().sorted().toList();
        try (Connection c = Connections.open(source)) {
            try (Statement s = c.createStatement()) {
                // an empty search path makes format_type qualify every type it names
                s.execute("SET search_path = ''");
            }
            Map<String, Boolean> schemas = new LinkedHashMap<>();
            try (PreparedStatement s = c.prepareStatement(SCHEMAS)) {
                s.setArray(1, c.createArrayOf("text", kept.toArray()));
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        schemas.put(rs.getString(1), rs.getBoolean(2));
                    }
                }
            }
            Object[] present = schemas.keySet().toArray();
            List<String> extensions = strings(c, EXTENSIONS, s -> {
                s.setArray(1, c.createArrayOf("text", present));
                s.setInt(2, FIRST_NORMAL_OBJECT_ID);
            });
            // pg_dump creates the schemas it dumps, except those an extension owns (the extension makes them)
            List<String> extensionSchemas = strings(c, EXTENSION_SCHEMAS, s -> { }).stream()
                    .filter(schema -> !Boolean.FALSE.equals(schemas.get(schema)))
                    .toList();
            List<String> roles = strings(c, RESERVED_ROLES,
                    s -> s.setString(1, PlatformSchemas.postgresRegex(PlatformSchemas.RESERVED_ROLES)));
            List<String> publications = strings(c, PUBLICATIONS, s -> { });
            List<String> allExtensions = strings(c, ALL_EXTENSIONS, s -> s.setInt(1, FIRST_NORMAL_OBJECT_ID));
            StringBuilder trailer = new StringBuilder();
            try (PreparedStatement s = c.prepareStatement(CONFIGURATION_TABLES)) {
                s.setArray(1, c.createArrayOf("text", present));
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        appendStandIn(trailer, rs.getString(1), rs.getString(2), rs.getArray(3));
                    }
                }
            }
            String header = header(List.copyOf(schemas.keySet()), extensions, allExtensions, extensionSchemas, roles,
                    publications, pgDump);
            return new Plan(List.copyOf(schemas.keySet()), extensions, header,
                    trailer.isEmpty() ? "" : TRAILER_INTRO + trailer);
        } catch (SQLException e) {
            throw new SupabackupException(FailureKind.DATABASE, "reading the platform schemas of " + source.redacted()
                    + " failed: " + Connections.scrub(e.getMessage(), source), null, e);
        }
    }

    private static final String TRAILER_INTRO = """

            --
            -- Stand-ins for the configuration tables of extensions, whose rows the data dump carries: made only
            -- where the extension above could not be created (supabackup).
            --
            """;

    private static String header(List<String> schemas, List<String> extensions, List<String> allExtensions,
                                 List<String> extensionSchemas, List<String> roles, List<String> publications,
                                 ToolVersion pgDump) {
        StringBuilder sql = new StringBuilder("""
                --
                -- The Supabase platform schemas whose data the data dump carries, for restoring into a plain
                -- PostgreSQL (a restore drill, or a move away from Supabase). Replay it before roles.sql, schema.sql,
                -- data.sql and platform.sql, without stopping at errors: an extension the server lacks fails alone.
                -- Never replay it into a Supabase project, which has all of this already (supabackup).
                --
                """);
        sql.append("-- platform schemas: ").append(schemas.isEmpty() ? "none" : String.join(", ", schemas)).append('\n');
        if (!extensions.isEmpty() && pgDump.major() < EXTENSION_OPTION_SINCE) {
            sql.append("-- pg_dump ").append(pgDump.major()).append(" cannot select extensions; create these first: ")
                    .append(String.join(", ", extensions)).append('\n');
        }
        sql.append('\n');
        if (!allExtensions.isEmpty()) {
            sql.append("-- Each check fails, and so is reported, where the server lacks an extension the project has.\n");
        }
        for (String extension : allExtensions) {
            String literal = "'" + extension.replace("'", "''") + "'";
            if (!extension.contains("$")) {
                sql.append("DO ").append(DOLLAR_TAG).append("BEGIN IF NOT EXISTS (SELECT 1 FROM ")
                        .append("pg_catalog.pg_available_extensions WHERE name = ").append(literal)
                        .append(") THEN RAISE EXCEPTION 'this server lacks the extension % that the project has', ")
                        .append(literal).append("; END IF; END").append(DOLLAR_TAG).append(";\n");
            }
        }
        for (String schema : extensionSchemas) {
            sql.append("CREATE SCHEMA IF NOT EXISTS ").append(quoteIdent(schema)).append(";\n");
        }
        for (String role : roles) {
            if (!role.contains("$")) {
                sql.append("DO ").append(DOLLAR_TAG).append("BEGIN CREATE ROLE ").append(quoteIdent(role))
                        .append(" NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END")
                        .append(DOLLAR_TAG).append(";\n");
            }
        }
        for (String publication : publications) {
            if (!publication.contains("$")) {
                sql.append("DO ").append(DOLLAR_TAG).append("BEGIN CREATE PUBLICATION ").append(quoteIdent(publication))
                        .append("; EXCEPTION WHEN duplicate_object THEN NULL; END").append(DOLLAR_TAG).append(";\n");
            }
        }
        return sql.append('\n').toString();
    }

    private static void appendStandIn(StringBuilder sql, String schema, String table, java.sql.Array columns)
            throws SQLException {
        String[] definitions = columns == null ? new String[0] : (String[]) columns.getArray();
        sql.append("CREATE SCHEMA IF NOT EXISTS ").append(quoteIdent(schema)).append(";\n")
                .append("CREATE TABLE IF NOT EXISTS ").append(quoteIdent(schema)).append('.').append(quoteIdent(table))
                .append(" (").append(String.join(", ", definitions)).append(");\n");
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private static List<String> strings(Connection c, String query, Binder binder) throws SQLException {
        List<String> values = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(query)) {
            binder.bind(s);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
        }
        return values;
    }

    static String quoteIdent(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** A pg_dump name pattern matching exactly {@code name}: inside double quotes, wildcards are plain characters. */
    static String quotedPattern(String name) {
        return quoteIdent(name);
    }
}
