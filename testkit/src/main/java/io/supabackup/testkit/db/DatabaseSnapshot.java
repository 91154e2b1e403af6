package io.supabackup.testkit.db;

import io.supabackup.domain.model.DatabaseEndpoint;
import io.supabackup.testkit.PostgresServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a database holds, in a form two databases can be compared by: per table a row count and an
 * order-independent content hash, sequence positions, RLS policies, publication membership and
 * the normalised {@code pg_dump --schema-only} text. Restore tests capture the source and the
 * target and expect {@link #differencesFrom(DatabaseSnapshot)} to be empty.
 */
public final class DatabaseSnapshot {
    private static final int MAX_DDL_LINES_REPORTED = 15;

    /** Row count and content hash of one table. */
    public record TableState(long rows, String contentHash) {
    }

    private final String label;
    private final SortedMap<String, TableState> tables;
    private final SortedMap<String, String> sequences;
    private final List<String> policies;
    private final List<String> publicationTables;
    private final List<String> schemaDdl;

    private DatabaseSnapshot(String label, SortedMap<String, TableState> tables, SortedMap<String, String> sequences,
                             List<String> policies, List<String> publicationTables, List<String> schemaDdl) {
        this.label = label;
        this.tables = Collections.unmodifiableSortedMap(tables);
        this.sequences = Collections.unmodifiableSortedMap(sequences);
        this.policies = List.copyOf(policies);
        this.publicationTables = List.copyOf(publicationTables);
        this.schemaDdl = List.copyOf(schemaDdl);
    }

    /**
     * Everything in {@code schemas}: every ordinary table's content, every sequence, the policies,
     * publication membership and the normalised schema-only dump of exactly those schemas.
     */
    public static DatabaseSnapshot capture(DatabaseEndpoint db, List<String> schemas) {
        try (Connection c = openConsistentReader(db)) {
            List<String> tableNames = names(c, """
                    SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname)
                    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE c.relkind = 'r' AND n.nspname = ANY (?) ORDER BY 1""", schemas);
            List<String> sequenceNames = names(c, """
                    SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname)
                    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE c.relkind = 'S' AND n.nspname = ANY (?) ORDER BY 1""", schemas);
            List<String> policies = names(c, """
                    SELECT format('%I.%I policy %I: %s %s to %s using (%s) with check (%s)',
                                  schemaname, tablename, policyname, permissive, cmd, roles, qual, with_check)
                    FROM pg_policies WHERE schemaname = ANY (?) ORDER BY 1""", schemas);
            List<String> publications = names(c, """
                    SELECT format('publication %I has %I.%I', pubname, schemaname, tablename)
                    FROM pg_publication_tables WHERE schemaname = ANY (?) ORDER BY 1""", schemas);
            SortedMap<String, TableState> tables = tableStates(c, tableNames);
            SortedMap<String, String> sequences = sequenceStates(c, sequenceNames);
            c.commit();
            return new DatabaseSnapshot(db.database(), tables, sequences, policies, publications,
                    PgDumpSchema.dump(db, schemas));
        } catch (SQLException e) {
            throw failure(db, e);
        }
    }

    /**
     * Only the content of the given tables ({@code schema.table}) and of the sequences they own;
     * for platform tables, whose schema belongs to the platform rather than to the backup.
     */
    public static DatabaseSnapshot captureTables(DatabaseEndpoint db, List<String> qualifiedTables) {
        try (Connection c = openConsistentReader(db)) {
            List<String> tableNames = new ArrayList<>();
            for (String table : qualifiedTables) {
                tableNames.add(quoteQualified(table));
            }
            List<String> ownedSequences = names(c, """
                    SELECT DISTINCT quote_ident(sn.nspname) || '.' || quote_ident(s.relname)
                    FROM pg_depend d
                    JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
                    JOIN pg_namespace sn ON sn.oid = s.relnamespace
                    WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
                      AND d.deptype IN ('a', 'i')
                      AND d.refobjid = ANY (SELECT to_regclass(t)::oid FROM unnest(?::text[]) AS t)
                    ORDER BY 1""", tableNames);
            SortedMap<String, TableState> tables = tableStates(c, tableNames);
            SortedMap<String, String> sequences = sequenceStates(c, ownedSequences);
            c.commit();
            return new DatabaseSnapshot(db.database(), tables, sequences, List.of(), List.of(), List.of());
        } catch (SQLException e) {
            throw failure(db, e);
        }
    }

    /** Whether {@code password} verifies against the bcrypt hash stored for {@code email} in auth.users. */
    public static boolean passwordMatches(DatabaseEndpoint db, String email, String password) {
        try (Connection c = PostgresServer.connect(db);
             PreparedStatement s = c.prepareStatement("""
                     SELECT encrypted_password = extensions.crypt(?, encrypted_password)
                     FROM auth.users WHERE email = ? AND encrypted_password IS NOT NULL AND encrypted_password <> ''""")) {
            s.setString(1, password);
            s.setString(2, email);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        } catch (SQLException e) {
            // never echo the password: the message names only the user
            throw new IllegalStateException("could not check the password of " + email + " on " + db.database()
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * Human-readable differences between this snapshot and {@code other}, one line each; empty when
     * they are equal.
     */
    public List<String> differencesFrom(DatabaseSnapshot other) {
        List<String> out = new ArrayList<>();
        String here = label;
        String there = other.label.equals(label) ? "other" : other.label;
        for (String table : union(tables.keySet(), other.tables.keySet())) {
            TableState a = tables.get(table);
            TableState b = other.tables.get(table);
            if (a == null || b == null) {
                out.add("table " + table + ": only in " + (a == null ? there : here));
            } else if (a.rows() != b.rows()) {
                out.add("table " + table + ": " + a.rows() + " rows in " + here + ", " + b.rows() + " in " + there);
            } else if (!a.contentHash().equals(b.contentHash())) {
                out.add("table " + table + ": same row count (" + a.rows() + ") but different content");
            }
        }
        for (String sequence : union(sequences.keySet(), other.sequences.keySet())) {
            String a = sequences.get(sequence);
            String b = other.sequences.get(sequence);
            if (!Objects.equals(a, b)) {
                out.add("sequence " + sequence + ": " + (a == null ? "missing" : a) + " in " + here + ", "
                        + (b == null ? "missing" : b) + " in " + there);
            }
        }
        reportSetDifference(out, "policy", policies, other.policies, here, there);
        reportSetDifference(out, "publication membership", publicationTables, other.publicationTables, here, there);
        if (!schemaDdl.equals(other.schemaDdl)) {
            reportDdlDifference(out, other, here, there);
        }
        return out;
    }

    public String label() {
        return label;
    }

    /** {@code schema.table} (quoted where needed) → state. */
    public SortedMap<String, TableState> tables() {
        return tables;
    }

    /** {@code schema.sequence} → {@code last_value=… is_called=…}. */
    public SortedMap<String, String> sequences() {
        return sequences;
    }

    public List<String> policies() {
        return policies;
    }

    public List<String> publicationTables() {
        return publicationTables;
    }

    /** The normalised schema-only dump; empty for {@link #captureTables}. */
    public List<String> schemaDdl() {
        return schemaDdl;
    }

    @Override
    public String toString() {
        return "DatabaseSnapshot[" + label + ": " + tables.size() + " tables, " + sequences.size() + " sequences, "
                + policies.size() + " policies, " + schemaDdl.size() + " DDL lines]";
    }

    private static Connection openConsistentReader(DatabaseEndpoint db) throws SQLException {
        Connection c = PostgresServer.connect(db);
        try {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            try (Statement s = c.createStatement()) {
                // A row's text form depends on these settings; pin them so two servers agree.
                // row_security=off makes a policy that would hide rows fail loudly instead.
                s.execute("SET LOCAL TimeZone = 'UTC'; SET LOCAL DateStyle = 'ISO, YMD'; "
                        + "SET LOCAL IntervalStyle = 'postgres'; SET LOCAL extra_float_digits = 1; "
                        + "SET LOCAL bytea_output = 'hex'; SET LOCAL row_security = off");
            }
            return c;
        } catch (SQLException e) {
            c.close();
            throw e;
        }
    }

    private static List<String> names(Connection c, String sql, List<String> values) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setArray(1, c.createArrayOf("text", values.toArray()));
            List<String> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }
    }

    /**
     * Hashes each row's text form and then the sorted row hashes, so neither physical order nor
     * the order rows were loaded in matters; the server does the work, only 32 bytes per row travel.
     */
    private static SortedMap<String, TableState> tableStates(Connection c, List<String> quotedTables)
            throws SQLException {
        SortedMap<String, TableState> out = new TreeMap<>();
        try (Statement s = c.createStatement()) {
            for (String table : quotedTables) {
                String sql = "SELECT count(*), md5(coalesce(string_agg(h, '' ORDER BY h), '')) "
                        + "FROM (SELECT md5(ROW(snapshot_row.*)::text) AS h FROM " + table + " AS snapshot_row) AS hashed";
                try (ResultSet rs = s.executeQuery(sql)) {
                    rs.next();
                    out.put(table, new TableState(rs.getLong(1), rs.getString(2)));
                }
            }
        }
        return out;
    }

    private static SortedMap<String, String> sequenceStates(Connection c, List<String> quotedSequences)
            throws SQLException {
        SortedMap<String, String> out = new TreeMap<>();
        try (Statement s = c.createStatement()) {
            for (String sequence : quotedSequences) {
                try (ResultSet rs = s.executeQuery("SELECT last_value, is_called FROM " + sequence)) {
                    rs.next();
                    out.put(sequence, "last_value=" + rs.getLong(1) + " is_called=" + rs.getBoolean(2));
                }
            }
        }
        return out;
    }

    private static String quoteQualified(String qualified) {
        int dot = qualified.indexOf('.');
        if (dot <= 0 || dot == qualified.length() - 1) {
            throw new IllegalArgumentException("'" + qualified + "' is not schema.table");
        }
        return quoteIdent(qualified.substring(0, dot)) + "." + quoteIdent(qualified.substring(dot + 1));
    }

    /** Quotes like quote_ident(): only when needed, so names match those read from the catalog. */
    private static String quoteIdent(String name) {
        return name.matches("[a-z_][a-z0-9_$]*") ? name : "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private static TreeSet<String> union(java.util.Collection<String> a, java.util.Collection<String> b) {
        TreeSet<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    private static void reportSetDifference(List<String> out, String what, List<String> a, List<String> b,
                                            String here, String there) {
        for (String item : a) {
            if (!b.contains(item)) {
                out.add(what + " only in " + here + ": " + item);
            }
        }
        for (String item : b) {
            if (!a.contains(item)) {
                out.add(what + " only in " + there + ": " + item);
            }
        }
    }

    private void reportDdlDifference(List<String> out, DatabaseSnapshot other, String here, String there) {
        List<String> onlyHere = multisetMinus(schemaDdl, other.schemaDdl);
        List<String> onlyThere = multisetMinus(other.schemaDdl, schemaDdl);
        if (onlyHere.isEmpty() && onlyThere.isEmpty()) {
            out.add("schema DDL: same lines in a different order");
            return;
        }
        addCapped(out, "schema DDL only in " + here + ": ", onlyHere);
        addCapped(out, "schema DDL only in " + there + ": ", onlyThere);
    }

    private static void addCapped(List<String> out, String prefix, List<String> lines) {
        for (int i = 0; i < lines.size() && i < MAX_DDL_LINES_REPORTED; i++) {
            out.add(prefix + lines.get(i).strip());
        }
        if (lines.size() > MAX_DDL_LINES_REPORTED) {
            out.add(prefix + "… and " + (lines.size() - MAX_DDL_LINES_REPORTED) + " more lines");
        }
    }

    private static List<String> multisetMinus(List<String> a, List<String> b) {
        Map<String, Integer> remaining = new HashMap<>();
        for (String line : b) {
            remaining.merge(line, 1, Integer::sum);
        }
        List<String> out = new ArrayList<>();
        for (String line : a) {
            Integer n = remaining.get(line);
            if (n == null || n == 0) {
                out.add(line);
            } else {
                remaining.put(line, n - 1);
            }
        }
        return out;
    }

    private static IllegalStateException failure(DatabaseEndpoint db, SQLException e) {
        return new IllegalStateException("could not snapshot " + db.database() + ": " + e.getMessage(), e);
    }
}
