package io.supabackup.adapters.postgres;

import io.supabackup.domain.model.DatabaseEndpoint;
import io.supabackup.testkit.PostgresServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A small database with the types, triggers, generated and identity columns a restore must get right. */
final class SampleDatabase {
    static final List<String> TABLES = List.of("app.items", "app.audit", "app.events", "public.\"Mixed Case\"");
    static final List<String> SEQUENCES = List.of("app.items_id_seq", "app.items_serial_no_seq", "app.audit_id_seq");

    static final String PLATFORM_DDL = """
            CREATE SCHEMA auth;
            CREATE TABLE auth.users (
              id uuid PRIMARY KEY,
              email text,
              encrypted_password text,
              email_confirmed_at timestamptz,
              confirmed_at timestamptz GENERATED ALWAYS AS (email_confirmed_at) STORED);
            CREATE TABLE auth.schema_migrations (version text PRIMARY KEY);
            """;

    static final String USER_DDL = """
            CREATE SCHEMA app;
            CREATE TYPE app.mood AS ENUM ('sad', 'ok', 'happy');
            CREATE TABLE app.items (
              id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
              serial_no serial,
              name text NOT NULL,
              price numeric(20,6),
              big numeric,
              payload bytea,
              tags text[],
              matrix int[][],
              doc jsonb,
              raw json,
              seen timestamptz,
              day date,
              mood app.mood,
              span int4range,
              during tstzrange,
              ratio double precision,
              flag boolean,
              uid uuid,
              dur interval,
              name_upper text GENERATED ALWAYS AS (upper(name)) STORED);
            CREATE TABLE app.audit (id serial PRIMARY KEY, item_id bigint, note text);
            CREATE FUNCTION app.log_item() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              INSERT INTO app.audit (item_id, note) VALUES (NEW.id, 'inserted;' || NEW.name);
              RETURN NEW;
            END $$;
            CREATE TRIGGER items_log AFTER INSERT ON app.items FOR EACH ROW EXECUTE FUNCTION app.log_item();
            CREATE VIEW app.cheap AS SELECT id, name FROM app.items WHERE price < 10;
            CREATE TABLE app.events (at date NOT NULL, what text) PARTITION BY RANGE (at);
            CREATE TABLE app.events_2024 PARTITION OF app.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
            CREATE TABLE app.events_2025 PARTITION OF app.events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
            CREATE TABLE public."Mixed Case" ("Weird ""col""\" text, n int);
            """;

    static final String DATA = """
            INSERT INTO app.items (name, price, big, payload, tags, matrix, doc, raw, seen, day, mood, span, during,
                                   ratio, flag, uid, dur)
            VALUES
              ('plain', 9.5, 123456789012345678901234567890.123456789, '\\x00ff10'::bytea, ARRAY['a', 'b c', NULL],
               ARRAY[[1,2],[3,4]], '{"k": [1, 2.50, {"n": null}]}', '{ "spaced" :  true }',
               '2024-02-29 23:59:59.123456+05:30', '2024-02-29', 'happy', '[1,10)', '[2024-01-01 00:00+00,)',
               0.1, true, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '1 year 2 mons 3 days 04:05:06.789'),
              (E'tab\\there\\nnewline \\\\. back\\\\slash ''quote'' ünïcødé 🐘', 'NaN', -0.000001, '', '{}', NULL,
               'null', '[]', 'infinity', '0001-01-01', 'sad', 'empty', NULL,
               1e308, false, NULL, '-1 days'),
              (E'\\\\.', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
               'NaN', NULL, NULL, NULL);
            INSERT INTO app.events VALUES ('2024-05-01', 'spring'), ('2025-05-01', 'next spring');
            INSERT INTO public."Mixed Case" VALUES ('GRANT ALL ON SCHEMA "auth" TO "anon";', 1), (E'\\\\.', 2);
            INSERT INTO auth.users (id, email, encrypted_password, email_confirmed_at)
            VALUES ('11111111-1111-1111-1111-111111111111', 'a@example.com',
                    '$2a$10$abcdefghijklmnopqrstuuJ7vW5uQyqE1cXUxVQ2n7bBvXjYkq1a2', now());
            INSERT INTO auth.schema_migrations VALUES ('source-only');
            """;

    private SampleDatabase() {
    }

    static DatabaseEndpoint create(String hint) {
        DatabaseEndpoint db = PostgresServer.shared().createDatabase(hint);
        PostgresServer.execute(db, PLATFORM_DDL + USER_DDL + DATA);
        return db;
    }

    /** An empty database as a fresh Supabase project is: the platform schemas exist, the user's do not. */
    static DatabaseEndpoint createPlatformOnly(String hint) {
        DatabaseEndpoint db = PostgresServer.shared().createDatabase(hint);
        PostgresServer.execute(db, PLATFORM_DDL + "INSERT INTO auth.schema_migrations VALUES ('target-own');");
        return db;
    }

    /** A digest of each table's rows, in their text form, so any difference in any value shows. */
    static Map<String, String> digests(DatabaseEndpoint db, List<String> tables) {
        Map<String, String> result = new LinkedHashMap<>();
        try (Connection c = PostgresServer.connect(db); Statement s = c.createStatement()) {
            s.execute("SET TimeZone = 'UTC'");
            for (String table : tables) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) || ':' || md5(coalesce(string_agg(r::text, "
                        + "E'\\n' ORDER BY r::text), '')) FROM " + table + " r")) {
                    rs.next();
                    result.put(table, rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return result;
    }

    static Map<String, String> sequences(DatabaseEndpoint db) {
        Map<String, String> result = new LinkedHashMap<>();
        for (String seq : SEQUENCES) {
            result.put(seq, queryString(db, "SELECT last_value || '/' || is_called FROM " + seq));
        }
        return result;
    }

    static String queryString(DatabaseEndpoint db, String sql) {
        try (Connection c = PostgresServer.connect(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
