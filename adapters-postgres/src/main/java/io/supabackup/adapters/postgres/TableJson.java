package io.supabackup.adapters.postgres;

import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import io.supabackup.domain.model.DatabaseEndpoint;
import io.supabackup.domain.model.TableRef;
import io.supabackup.domain.port.out.TableSink;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Tables as JSON Lines over JDBC: one consistent snapshot out, batched inserts in. */
final class TableJson {
    static final int FETCH_SIZE = 1000;
    static final int BATCH_SIZE = 500;

    private TableJson() {
    }

    /** Exports every user table inside one REPEATABLE READ READ ONLY transaction, so all tables agree. */
    static void export(DatabaseEndpoint source, TableSink sink) {
        try (Connection c = Connections.open(source)) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            try (Statement s = c.createStatement()) {
                // fixed output settings so values print the same whatever the server's defaults are
                s.execute("SET LOCAL TimeZone = 'UTC'; SET LOCAL extra_float_digits = 3; "
                        + "SET LOCAL bytea_output = 'hex'; SET LOCAL IntervalStyle = 'postgres'");
            }
            for (Table table : userTables(c)) {
                exportTable(c, table, sink);
            }
            c.commit();
        } catch (SQLException e) {
            throw new SupabackupException(FailureKind.DATABASE,
                    "exporting tables from " + source.redacted() + " failed: " + Connections.scrub(e.getMessage(), source),
                    null, e);
        }
    }

    private record Table(TableRef ref, boolean partitioned) {
    }

    private static List<Table> userTables(Connection c) throws SQLException {
        List<Table> tables = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT n.nspname, c.relname, c.relkind = 'p' "
                + ServerProbe.USER_TABLES + " ORDER BY 1, 2")) {
            s.setString(1, ServerProbe.USER_SCHEMA_EXCLUSION);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    tables.add(new Table(new TableRef(rs.getString(1), rs.getString(2)), rs.getBoolean(3)));
                }
            }
        }
        return tables;
    }

    private static void exportTable(Connection c, Table table, TableSink sink) throws SQLException {
        List<String> jsonColumns = columns(c, table.ref()).stream().filter(Column::json).map(Column::name).toList();
        // row_to_json prints SQL NULL and a JSON null alike; the rare JSON nulls are listed under a marker key
        String jsonNulls = jsonColumns.isEmpty() ? "NULL::text[]" : jsonColumns.stream()
                .map(col -> "CASE WHEN pg_catalog.json_typeof(r." + quote(col) + "::json) = 'null' THEN "
                        + literal(col) + " END")
                .collect(Collectors.joining(", ", "pg_catalog.array_remove(ARRAY[", "], NULL)"));
        // ONLY keeps rows of inheritance children out; a partitioned table's rows all live in its partitions
        String sql = "SELECT pg_catalog.row_to_json(r.*)::text, " + jsonNulls + " FROM "
                + (table.partitioned() ? "" : "ONLY ") + qualified(table.ref()) + " r";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setFetchSize(FETCH_SIZE);
            try (ResultSet rs = s.executeQuery()) {
                RowStream rows = new RowStream(rs);
                try {
                    sink.accept(table.ref(), rows, rows::rowsRead);
                } catch (IOException e) {
                    if (e.getCause() instanceof SQLException sqlException) {
                        throw sqlException;
                    }
                    throw new SupabackupException(FailureKind.UNEXPECTED,
                            "storing the rows of " + table.ref() + " failed: " + e.getMessage(), null, e);
                }
            }
        }
    }

    /** A result set as JSON Lines, fetching rows only as they are read. */
    private static final class RowStream extends InputStream {
        private final ResultSet rs;
        private byte[] current = new byte[0];
        private int pos;
        private long rows;
        private boolean done;

        RowStream(ResultSet rs) {
            this.rs = rs;
        }

        long rowsRead() {
            return rows;
        }

        @Override
        public int read() throws IOException {
            if (!fill()) {
                return -1;
            }
            return current[pos++] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int n = Math.min(len, current.length - pos);
            System.arraycopy(current, pos, b, off, n);
            pos += n;
            return n;
        }

        private boolean fill() throws IOException {
            while (pos >= current.length) {
                if (done) {
                    return false;
                }
                try {
                    if (!rs.next()) {
                        done = true;
                        return false;
                    }
                    current = (withJsonNulls(rs.getString(1), rs.getArray(2)) + "\n").getBytes(StandardCharsets.UTF_8);
                    pos = 0;
                    rows++;
                } catch (SQLException e) {
                    throw new IOException("reading rows failed: " + e.getMessage(), e);
                }
            }
            return true;
        }
    }

    /** Key listing the json/jsonb columns that hold a JSON {@code null} rather than SQL NULL. */
    static final String JSON_NULLS_KEY = "$supabackup_json_nulls";

    private static String withJsonNulls(String row, java.sql.Array jsonNulls) throws SQLException {
        if (jsonNulls == null) {
            return row;
        }
        String[] names = (String[]) jsonNulls.getArray();
        if (names.length == 0) {
            return row;
        }
        String list = java.util.Arrays.stream(names).map(TableJson::jsonString).collect(Collectors.joining(","));
        return row.substring(0, row.length() - 1) + ",\"" + JSON_NULLS_KEY + "\":[" + list + "]}";
    }

    private static String jsonString(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char ch : text.toCharArray()) {
            if (ch == '"' || ch == '\\') {
                out.append('\\').append(ch);
            } else if (ch < 0x20) {
                out.append(String.format("\\u%04x", (int) ch));
            } else {
                out.append(ch);
            }
        }
        return out.append('"').toString();
    }

    /**
     * Inserts JSON Lines into an existing table in one transaction with triggers off (as for a data dump),
     * leaving generated columns to the server and keeping identity values, then moves the table's
     * sequences past the highest value inserted.
     */
    static long importTable(DatabaseEndpoint target, TableRef table, InputStream jsonLines) {
        try (Connection c = Connections.open(target)) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SET LOCAL session_replication_role = replica");
            } catch (SQLException e) {
                throw new SupabackupException(FailureKind.DATABASE,
                        "user \"" + target.user() + "\" may not turn triggers off (SET session_replication_role): "
                                + e.getMessage(),
                        "import as a superuser, or as postgres on Supabase", e);
            }
            List<Column> columns = columns(c, table);
            if (columns.stream().noneMatch(col -> !col.generated())) {
                throw new SupabackupException(FailureKind.UNEXPECTED, "table " + table + " has no columns to insert");
            }
            long count = insertRows(c, table, columns, jsonLines);
            if (count > 0) {
                advanceSequences(c, table);
            }
            c.commit();
            return count;
        } catch (SQLException e) {
            throw new SupabackupException(FailureKind.DATABASE,
                    "importing " + table + " into " + target.redacted() + " failed: "
                            + Connections.scrub(e.getMessage(), target), null, e);
        }
    }

    private record Column(String name, boolean generated, boolean identity, String jsonType) {
        boolean json() {
            return jsonType != null;
        }
    }

    private static List<Column> columns(Connection c, TableRef table) throws SQLException {
        List<Column> columns = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("""
                SELECT attname, attgenerated <> '', attidentity <> '',
                       CASE atttypid WHEN 'pg_catalog.json'::regtype THEN 'json'
                                     WHEN 'pg_catalog.jsonb'::regtype THEN 'jsonb' END
                FROM pg_catalog.pg_attribute
                WHERE attrelid = ?::regclass AND attnum > 0 AND NOT attisdropped
                ORDER BY attnum""")) {
            s.setString(1, qualified(table));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    columns.add(new Column(rs.getString(1), rs.getBoolean(2), rs.getBoolean(3), rs.getString(4)));
                }
            }
        }
        return columns;
    }

    private static long insertRows(Connection c, TableRef table, List<Column> columns, InputStream jsonLines)
            throws SQLException {
        List<Column> inserted = columns.stream().filter(col -> !col.generated()).toList();
        String names = inserted.stream().map(col -> quote(col.name())).collect(Collectors.joining(", "));
        String values = inserted.stream().map(col -> col.json()
                        ? "CASE WHEN coalesce(pg_catalog.jsonb_exists((j.v -> " + literal(JSON_NULLS_KEY) + ")::jsonb, "
                                + literal(col.name()) + "), false) THEN 'null'::" + col.jsonType() + " ELSE r." + quote(col.name()) + " END"
                        : "r." + quote(col.name()))
                .collect(Collectors.joining(", "));
        boolean identity = columns.stream().anyMatch(Column::identity);
        String sql = "INSERT INTO " + qualified(table) + " (" + names + ")"
                + (identity ? " OVERRIDING SYSTEM VALUE" : "")
                + " SELECT " + values + " FROM (SELECT ?::json AS v) j, pg_catalog.json_populate_record(NULL::"
                + qualified(table) + ", j.v) r";
        long count = 0;
        try (PreparedStatement insert = c.prepareStatement(sql);
             BufferedReader reader = new BufferedReader(new InputStreamReader(jsonLines, StandardCharsets.UTF_8))) {
            int pending = 0;
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                insert.setString(1, line);
                insert.addBatch();
                count++;
                if (++pending == BATCH_SIZE) {
                    insert.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                insert.executeBatch();
            }
        } catch (IOException e) {
            c.rollback();
            throw new SupabackupException(FailureKind.UNEXPECTED,
                    "reading the rows for " + table + " failed: " + e.getMessage() + "; nothing was inserted", null, e);
        } catch (UncheckedIOException e) {
            c.rollback();
            throw new SupabackupException(FailureKind.UNEXPECTED,
                    "reading the rows for " + table + " failed: " + e.getCause().getMessage() + "; nothing was inserted",
                    null, e);
        } catch (RuntimeException e) {
            c.rollback();
            throw e;
        }
        return count;
    }

    /** Serial and identity sequences would otherwise hand out values the imported rows already use. */
    private static void advanceSequences(Connection c, TableRef table) throws SQLException {
        List<String[]> owned = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("""
                SELECT a.attname, pg_catalog.pg_get_serial_sequence(?, a.attname)
                FROM pg_catalog.pg_attribute a
                WHERE a.attrelid = ?::regclass AND a.attnum > 0 AND NOT a.attisdropped
                  AND pg_catalog.pg_get_serial_sequence(?, a.attname) IS NOT NULL""")) {
            String name = qualified(table);
            s.setString(1, name);
            s.setString(2, name);
            s.setString(3, name);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    owned.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
        }
        for (String[] column : owned) {
            String sql = "SELECT pg_catalog.setval(?::regclass, CASE WHEN q.increment > 0 "
                    + "THEN greatest(x.hi, q.min) ELSE least(x.lo, q.max) END) "
                    + "FROM (SELECT max(" + quote(column[0]) + ")::bigint AS hi, min(" + quote(column[0])
                    + ")::bigint AS lo FROM " + qualified(table) + ") x, "
                    + "(SELECT seqincrement AS increment, seqmin AS min, seqmax AS max FROM pg_catalog.pg_sequence "
                    + "WHERE seqrelid = ?::regclass) q WHERE x.hi IS NOT NULL";
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setString(1, column[1]);
                s.setString(2, column[1]);
                s.executeQuery().close();
            }
        }
    }

    static String qualified(TableRef table) {
        return quote(table.schema()) + "." + quote(table.name());
    }

    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
