package io.supabackup.adapters.postgres;

import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import io.supabackup.domain.model.DatabaseEndpoint;
import io.supabackup.domain.model.DumpMode;
import io.supabackup.domain.model.TableRef;
import io.supabackup.domain.model.TableStats;
import io.supabackup.domain.service.TableContentHash;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The {@link TableStats} of a live database, for exactly the tables whose rows a dump in a given mode
 * carries, each row hashed as the line pg_dump writes for it. To print every value byte for byte as
 * pg_dump does, the session is set up as pg_dump sets up its own ({@code setup_connection} in pg_dump.c):
 * empty search_path (regclass and friends print schema-qualified), the same role, DateStyle ISO,
 * IntervalStyle postgres, extra_float_digits 3, quote_all_identifiers where the dump quotes all
 * identifiers, row_security off (a table RLS would filter fails instead of being counted short), plus
 * the time zone and client encoding pg_dump's session gets ({@link DumpSession}). Each table is read
 * with {@code COPY … TO STDOUT} and the column list pg_dump uses (generated columns left out, attnum
 * order), all in one REPEATABLE READ READ ONLY transaction, as pg_dump reads them.
 */
final class LiveTableStats {
    /**
     * Tables whose rows pg_dump writes, with what it copies: relkind r (partitioned tables have no rows of
     * their own; views, sequences, matviews and foreign tables are not copied), outside pg_* and
     * information_schema and the excluded schemas and tables, not owned by an extension unless it is one
     * of the extension's configuration tables (whose rows pg_dump copies, through the extension's filter).
     * A partition of a table hash-partitioned on an enum is written as rows of its topmost root
     * (pg_dump forces --load-via-partition-root there), so it counts under the root's name.
     */
    private static final String TABLES = """
            WITH unsafe AS (
              SELECT partrelid FROM pg_catalog.pg_partitioned_table
              WHERE (SELECT o.oid FROM pg_catalog.pg_opclass o JOIN pg_catalog.pg_am a ON o.opcmethod = a.oid
                     WHERE o.opcname = 'enum_ops' AND o.opcnamespace = 'pg_catalog'::pg_catalog.regnamespace
                       AND a.amname = 'hash') = ANY (partclass))
            SELECT n.nspname, c.relname, x.condition,
                   (SELECT pg_catalog.array_agg(a.attname::text ORDER BY a.attnum) FROM pg_catalog.pg_attribute a
                    WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''),
                   rn.nspname, r.relname
            FROM pg_catalog.pg_class c
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN LATERAL (
              SELECT e.extcondition[pg_catalog.array_position(e.extconfig, c.oid)] AS condition
              FROM pg_catalog.pg_extension e WHERE c.oid = ANY (e.extconfig) LIMIT 1) x ON true
            LEFT JOIN pg_catalog.pg_class r
              ON c.relispartition
             AND EXISTS (SELECT 1 FROM pg_catalog.pg_partition_ancestors(c.oid) p JOIN unsafe u ON u.partrelid = p.relid)
             AND r.oid = pg_catalog.pg_partition_root(c.oid)
            LEFT JOIN pg_catalog.pg_namespace rn ON rn.oid = r.relnamespace
            WHERE c.relkind = 'r'
              AND n.nspname !~ '^(pg_.*|information_schema)$'
              AND n.nspname !~ ?
              AND NOT EXISTS (SELECT 1 FROM ROWS FROM (pg_catalog.unnest(?::text[]), pg_catalog.unnest(?::text[])) t(s, r)
                              WHERE t.s = n.nspname AND t.r = c.relname)
              AND (x.condition IS NOT NULL
                   OR NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                                  WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
                                    AND d.objid = c.oid AND d.deptype = 'e'))
            ORDER BY 1, 2""";

    /** Matches no schema name: a full dump leaves out only the system schemas. */
    private static final String NO_SCHEMA = "^$";

    private LiveTableStats() {
    }

    static List<TableStats> collect(DatabaseEndpoint source, DumpMode mode, ToolLocator tools) {
        ServerProbe server = ServerProbe.of(source);
        DumpSession session = DumpSession.probe(source, tools, server);
        Map<String, String> driver = session.utf8() ? Map.of() : Map.of("allowEncodingChanges", "true");
        try (Connection c = Connections.open(source, driver)) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            setUpLikePgDump(c, mode, server, session);
            List<Table> tables = tables(c, mode);
            // only now: the names above are read while pgjdbc and the server still agree on UTF8
            try (PreparedStatement s = c.prepareStatement("SELECT pg_catalog.set_config('client_encoding', ?, false)")) {
                s.setString(1, session.clientEncoding());
                s.executeQuery().close();
            }
            Map<TableRef, TableContentHash> hashes = new TreeMap<>();
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            for (Table table : tables) {
                RowLines rows = new RowLines(hashes.computeIfAbsent(table.countedAs(), t -> new TableContentHash()));
                try {
                    copy.copyOut(table.copySql(), rows);
                } catch (IOException e) {
                    throw new SupabackupException(FailureKind.UNEXPECTED,
                            "hashing the rows of " + table.ref() + " failed: " + e.getMessage(), null, e);
                }
                rows.finish(table.ref());
            }
            c.commit();
            return hashes.entrySet().stream()
                    .map(e -> e.getValue().stats(e.getKey().schema(), e.getKey().name()))
                    .toList();
        } catch (SQLException e) {
            throw new SupabackupException(FailureKind.DATABASE,
                    "reading the table stats of " + source.redacted() + " failed: "
                            + Connections.scrub(e.getMessage(), source),
                    e.getMessage() != null && e.getMessage().contains("row-level security")
                            ? "a dump would fail the same way: dump as a role that bypasses row-level security"
                            : null, e);
        }
    }

    private static void setUpLikePgDump(Connection c, DumpMode mode, ServerProbe server, DumpSession session)
            throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SELECT pg_catalog.set_config('search_path', '', false)");
            // as PgDatabaseExporter.command: the Supabase dumps run --role=postgres where the CLI would
            if (mode == DumpMode.SUPABASE && server.dumpAsPostgresRole()) {
                s.execute("SET ROLE postgres");
            }
            s.execute("SET DateStyle = ISO");
            s.execute("SET IntervalStyle = postgres");
            s.execute("SET extra_float_digits TO 3");
            s.execute("SET statement_timeout = 0");
            s.execute("SET lock_timeout = 0");
            s.execute("SET idle_in_transaction_session_timeout = 0");
            if (mode == DumpMode.SUPABASE) {
                // the Supabase-mode dumps pass --quote-all-identifiers; it changes how regclass values print
                s.execute("SET quote_all_identifiers = true");
            }
            s.execute("SET row_security = off");
        }
        try (PreparedStatement s = c.prepareStatement("SELECT pg_catalog.set_config('TimeZone', ?, false)")) {
            s.setString(1, session.timeZone());
            s.executeQuery().close();
        }
    }

    private record Table(TableRef ref, String condition, List<String> columns, TableRef countedAs) {
        /**
         * The statement pg_dump's dumpTableData_copy runs for this table, in ASCII only, so that it means
         * the same whatever client encoding the session has switched to.
         */
        String copySql() {
            String name = asciiQuote(ref.schema()) + "." + asciiQuote(ref.name());
            String list = columns.stream().map(LiveTableStats::asciiQuote).collect(Collectors.joining(", "));
            if (condition != null && !condition.isEmpty()) {
                return "COPY (SELECT " + (list.isEmpty() ? "*" : list) + " FROM " + name + " " + condition
                        + ") TO STDOUT";
            }
            return "COPY " + name + (list.isEmpty() ? "" : " (" + list + ")") + " TO STDOUT";
        }
    }

    /** A quoted identifier; one with characters beyond ASCII as {@code U&"…"} with escapes. */
    static String asciiQuote(String identifier) {
        if (identifier.chars().allMatch(ch -> ch < 0x80)) {
            return TableJson.quote(identifier);
        }
        StringBuilder out = new StringBuilder("U&\"");
        identifier.codePoints().forEach(cp -> {
            if (cp == '"') {
                out.append("\"\"");
            } else if (cp == '\\') {
                out.append("\\\\");
            } else if (cp < 0x80) {
                out.appendCodePoint(cp);
            } else if (cp <= 0xffff) {
                out.append(String.format("\\%04X", cp));
            } else {
                out.append(String.format("\\+%06X", cp));
            }
        });
        return out.append('"').toString();
    }

    private static List<Table> tables(Connection c, DumpMode mode) throws SQLException {
        String schemaExclusion;
        List<String> excluded;
        switch (mode) {
            case SUPABASE -> {
                schemaExclusion = PlatformSchemas.postgresRegex(PlatformSchemas.DATA_EXCLUDED);
                excluded = PlatformSchemas.DATA_EXCLUDED_TABLES;
            }
            case FULL -> {
                schemaExclusion = NO_SCHEMA;
                excluded = List.of();
            }
            default -> throw new IllegalArgumentException("no dump mode " + mode);
        }
        List<Table> tables = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(TABLES)) {
            s.setString(1, schemaExclusion);
            s.setArray(2, c.createArrayOf("text", excluded.stream().map(t -> t.substring(0, t.indexOf('.'))).toArray()));
            s.setArray(3, c.createArrayOf("text", excluded.stream().map(t -> t.substring(t.indexOf('.') + 1)).toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    TableRef ref = new TableRef(rs.getString(1), rs.getString(2));
                    Array columns = rs.getArray(4);
                    List<String> names = columns == null ? List.of() : List.of((String[]) columns.getArray());
                    String rootSchema = rs.getString(5);
                    TableRef countedAs = rootSchema == null ? ref : new TableRef(rootSchema, rs.getString(6));
                    tables.add(new Table(ref, rs.getString(3), names, countedAs));
                }
            }
        }
        return tables;
    }

    /** COPY's output cut into rows at each newline, every row hashed as it arrives. */
    private static final class RowLines extends OutputStream {
        private final TableContentHash hash;
        private boolean partial;

        RowLines(TableContentHash hash) {
            this.hash = hash;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            int start = offset;
            int end = offset + length;
            for (int i = offset; i < end; i++) {
                if (bytes[i] == '\n') {
                    hash.update(bytes, start, i - start);
                    hash.endRow();
                    start = i + 1;
                    partial = false;
                }
            }
            if (start < end) {
                hash.update(bytes, start, end - start);
                partial = true;
            }
        }

        void finish(TableRef table) {
            if (partial) {
                throw new SupabackupException(FailureKind.UNEXPECTED,
                        "COPY of " + table + " ended in the middle of a row", null);
            }
        }
    }
}
