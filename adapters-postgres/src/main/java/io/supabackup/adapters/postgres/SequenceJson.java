package io.supabackup.adapters.postgres;

import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import io.supabackup.domain.model.DatabaseEndpoint;
import io.supabackup.domain.port.out.StreamConsumer;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Sequence values as JSON Lines, {@code {"schema":…,"name":…,"last_value":…,"is_called":…}}: the JSON
 * export's counterpart of the {@code setval} lines of a data dump.
 */
final class SequenceJson {
    private static final String USER_SEQUENCES = """
            SELECT n.nspname, c.relname
            FROM pg_catalog.pg_class c
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind = 'S' AND n.nspname !~ ?
              AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                              WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
            ORDER BY 1, 2""";

    private SequenceJson() {
    }

    static void export(DatabaseEndpoint source, StreamConsumer consumer) {
        StringBuilder lines = new StringBuilder();
        try (Connection c = Connections.open(source)) {
            List<String[]> sequences = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(USER_SEQUENCES)) {
                s.setString(1, ServerProbe.USER_SCHEMA_EXCLUSION);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        sequences.add(new String[] {rs.getString(1), rs.getString(2)});
                    }
                }
            }
            for (String[] sequence : sequences) {
                try (PreparedStatement s = c.prepareStatement("SELECT pg_catalog.json_build_object('schema', ?::text, "
                        + "'name', ?::text, 'last_value', last_value, 'is_called', is_called)::text FROM "
                        + TableJson.quote(sequence[0]) + "." + TableJson.quote(sequence[1]))) {
                    s.setString(1, sequence[0]);
                    s.setString(2, sequence[1]);
                    try (ResultSet rs = s.executeQuery()) {
                        rs.next();
                        lines.append(rs.getString(1)).append('\n');
                    }
                }
            }
        } catch (SQLException e) {
            throw new SupabackupException(FailureKind.DATABASE, "reading the sequences of " + source.redacted()
                    + " failed: " + Connections.scrub(e.getMessage(), source), null, e);
        }
        // one short line per sequence: small enough to hold whole
        try {
            consumer.accept(new ByteArrayInputStream(lines.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new SupabackupException(FailureKind.UNEXPECTED, "storing the sequence values failed: "
                    + e.getMessage(), null, e);
        }
    }

    static void importValues(DatabaseEndpoint target, InputStream jsonLines) {
        try (Connection c = Connections.open(target);
             BufferedReader reader = new BufferedReader(new InputStreamReader(jsonLines, StandardCharsets.UTF_8));
             PreparedStatement s = c.prepareStatement("SELECT pg_catalog.setval(pg_catalog.format('%I.%I', "
                     + "j->>'schema', j->>'name')::regclass, (j->>'last_value')::bigint, (j->>'is_called')::boolean) "
                     + "FROM (SELECT ?::json AS j) x")) {
            c.setAutoCommit(false);
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    s.setString(1, line);
                    s.executeQuery().close();
                }
            }
            c.commit();
        } catch (SQLException e) {
            throw new SupabackupException(FailureKind.DATABASE, "setting the sequences of " + target.redacted()
                    + " failed: " + Connections.scrub(e.getMessage(), target), null, e);
        } catch (IOException e) {
            throw new SupabackupException(FailureKind.UNEXPECTED, "reading the sequence values failed: "
                    + e.getMessage() + "; no sequence was changed", null, e);
        }
    }
}
