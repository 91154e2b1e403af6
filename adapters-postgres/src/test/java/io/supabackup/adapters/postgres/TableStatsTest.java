package io.supabackup.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.supabackup.domain.model.DatabaseEndpoint;
import io.supabackup.domain.model.DumpKind;
import io.supabackup.domain.model.DumpMode;
import io.supabackup.domain.model.TableRef;
import io.supabackup.domain.model.TableStats;
import io.supabackup.domain.port.out.SqlDump;
import io.supabackup.domain.service.CopyStatsInputStream;
import io.supabackup.testkit.PostgresServer;
import io.supabackup.testkit.db.SupabaseFixture;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Table stats taken from a data dump as it streams and from the live database agree, on data chosen to
 * trip any difference in how values print, and they keep agreeing after the dump is restored.
 */
class TableStatsTest {
    /** Not the JVM's zone, so a session that kept pgjdbc's time zone would print timestamptz differently. */
    private static final String DATABASE_TIME_ZONE = "Asia/Kolkata";

    static final String AWKWARD_DDL = """
            CREATE SCHEMA app;
            CREATE TYPE app.mood AS ENUM ('sad', 'ok', 'happy');
            CREATE TABLE app.awkward (
              id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
              txt text,
              raw bytea,
              f8 double precision,
              f4 real,
              num numeric,
              at timestamptz,
              local_at timestamp,
              during tstzrange,
              span interval,
              doc jsonb,
              js json,
              words text[],
              grid int[][],
              day date,
              clock timetz,
              rel regclass,
              fn regproc,
              mood app.mood,
              cash money,
              txt_upper text GENERATED ALWAYS AS (upper(txt)) STORED);
            CREATE SCHEMA "My Schema";
            CREATE TABLE "My Schema"."we""ird.t" ("a (b)" int, "c""d" text, "UPPER" text);
            CREATE TABLE app.empty (a int, b text);
            CREATE TABLE app.nocols ();
            CREATE TABLE app.big (id int PRIMARY KEY, payload text, at timestamptz);
            CREATE TABLE app.swap (a int, b text);
            CREATE TABLE app.parent (a int);
            CREATE TABLE app.child (b text) INHERITS (app.parent);
            CREATE UNLOGGED TABLE app.scratch (a int);
            CREATE TABLE app.events (at date NOT NULL, what text) PARTITION BY RANGE (at);
            CREATE TABLE app.events_2024 PARTITION OF app.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
            CREATE TABLE app.events_2025 PARTITION OF app.events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
            CREATE TABLE app.by_mood (m app.mood, v int) PARTITION BY HASH (m);
            CREATE TABLE app.by_mood_0 PARTITION OF app.by_mood FOR VALUES WITH (MODULUS 2, REMAINDER 0);
            CREATE TABLE app.by_mood_1 PARTITION OF app.by_mood FOR VALUES WITH (MODULUS 2, REMAINDER 1);
            CREATE VIEW app.a_view AS SELECT id FROM app.awkward;
            CREATE MATERIALIZED VIEW app.a_matview AS SELECT id FROM app.awkward;
            CREATE SEQUENCE app.a_sequence;
            CREATE SEQUENCE public.visible_seq;
            """;

    static final String AWKWARD_DATA = """
            INSERT INTO app.awkward (txt, raw, f8, f4, num, at, local_at, during, span, doc, js, words, grid, day,
                                     clock, rel, fn, mood, cash) VALUES
              (E'tab\\there\\nnewline\\rcr \\\\ back\\\\slash ''quote'' ünïcødé 🐘', '\\x00ff0a5c0d'::bytea, 0.1, 0.1,
               123456789012345678901234567890.000000000001, '2024-02-29 23:59:59.123456+05:30',
               '2024-02-29 23:59:59.5', '[2024-01-01 00:00+00,2024-06-01 12:00+02)',
               '1 year 2 mons 3 days 04:05:06.789', '{"k": [1, 2.50, {"n": null}], "s": "tab\\t\\"q\\""}',
               '{ "spaced" :  true }', ARRAY['a', 'b c', NULL, '"q"', E'back\\\\slash', '{}'], ARRAY[[1,2],[3,4]],
               '2024-02-29', '23:59:59.999+05:30', 'app.awkward', 'pg_catalog.now', 'happy', 12.34),
              (E'\\\\.', '', 1e-300, 'NaN', 'NaN', 'infinity', '-infinity', 'empty', '-1 days -00:00:01', 'null',
               '[]', '{}', '{}', 'infinity', '00:00:00+00', 'app.swap', 'pg_catalog.timeofday', 'sad', -0.01),
              ('COPY "app"."fake" ("a") FROM stdin;', NULL, 'Infinity', '-Infinity', '-0.000001',
               '1999-12-31 23:59:59+00', NULL, NULL, '-3 hours', '{"deep": {"deeper": [true, false, null]}}',
               NULL, NULL, NULL, '0001-01-01', NULL, 'public.visible_seq', NULL, NULL, NULL),
              (NULL, NULL, -0.0, 1.5e-45, 'Infinity', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
               NULL, NULL, NULL, NULL),
              (repeat('long-', 600000), decode(repeat('00ff', 100000), 'hex'), 1.7976931348623157e308, 3.4e38,
               0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
            INSERT INTO "My Schema"."we""ird.t" VALUES (1, 'x"y', 'Up'), (NULL, E'\\\\N', NULL);
            INSERT INTO app.nocols DEFAULT VALUES;
            INSERT INTO app.nocols DEFAULT VALUES;
            INSERT INTO app.big SELECT g, md5(g::text) || E'\\t' || repeat('x', g % 97),
                   '2020-01-01 00:00:00+00'::timestamptz + g * interval '61 seconds'
              FROM generate_series(1, 50000) g;
            INSERT INTO app.swap VALUES (1, 'first'), (2, 'second'), (3, 'third');
            INSERT INTO app.parent VALUES (1), (2);
            INSERT INTO app.child VALUES (3, 'only in child');
            INSERT INTO app.scratch VALUES (7);
            INSERT INTO app.events VALUES ('2024-05-01', 'spring'), ('2025-05-01', 'next spring');
            INSERT INTO app.by_mood VALUES ('sad', 1), ('ok', 2), ('happy', 3), ('happy', 4);
            """;

    private final ToolLocator tools = new ToolLocator(PostgresConfig.defaults());
    private final PgDatabaseExporter exporter = new PgDatabaseExporter(tools);
    private final PgDatabaseImporter importer = new PgDatabaseImporter(tools);

    private record Dump(byte[] bytes, List<TableStats> stats) {
        String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** The data dump a backup takes, read through {@link CopyStatsInputStream} as it streams. */
    private Dump dataDump(DatabaseEndpoint db) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AtomicReference<List<TableStats>> stats = new AtomicReference<>();
        exporter.dump(db, DumpKind.DATA, in -> {
            CopyStatsInputStream counting = new CopyStatsInputStream(in);
            counting.transferTo(out);
            stats.set(counting.stats());
        });
        return new Dump(out.toByteArray(), stats.get());
    }

    private static DatabaseEndpoint awkwardDatabase(String hint) {
        DatabaseEndpoint db = PostgresServer.shared().createDatabase(hint);
        PostgresServer.execute(db, AWKWARD_DDL + AWKWARD_DATA);
        setTimeZone(db);
        return db;
    }

    private static void setTimeZone(DatabaseEndpoint db) {
        PostgresServer.execute(db, "ALTER DATABASE \"" + db.database() + "\" SET TimeZone = '" + DATABASE_TIME_ZONE + "'");
    }

    private static Map<TableRef, TableStats> byTable(List<TableStats> stats) {
        return stats.stream().collect(Collectors.toMap(TableStats::ref, Function.identity()));
    }

    @Test
    void statsOfTheDataDumpEqualTheLiveDatabasesAndSurviveARestore() {
        DatabaseEndpoint source = awkwardDatabase("stats_source");

        Dump data = dataDump(source);
        List<TableStats> live = exporter.tableStats(source, DumpMode.SUPABASE);

        assertThat(data.stats()).isEqualTo(live);
        Map<TableRef, TableStats> tables = byTable(live);
        assertThat(tables.keySet()).containsExactlyInAnyOrder(
                new TableRef("app", "awkward"), new TableRef("My Schema", "we\"ird.t"), new TableRef("app", "empty"),
                new TableRef("app", "nocols"), new TableRef("app", "big"), new TableRef("app", "swap"),
                new TableRef("app", "parent"), new TableRef("app", "child"), new TableRef("app", "scratch"),
                new TableRef("app", "events_2024"), new TableRef("app", "events_2025"), new TableRef("app", "by_mood"));
        assertThat(tables.get(new TableRef("app", "awkward")).rows()).isEqualTo(5);
        assertThat(tables.get(new TableRef("app", "big")).rows()).isEqualTo(50_000);
        assertThat(tables.get(new TableRef("app", "nocols")).rows()).isEqualTo(2);
        assertThat(tables.get(new TableRef("app", "parent")).rows()).isEqualTo(2);
        assertThat(tables.get(new TableRef("app", "by_mood")).rows()).isEqualTo(4);
        assertThat(tables.get(new TableRef("app", "empty")))
                .isEqualTo(new TableStats("app", "empty", 0, TableStats.EMPTY_HASH));
        // the values that print differently in a session set up unlike pg_dump's are really there
        assertThat(data.text()).contains("+05:30", "\t\"app\".\"swap\"\t", "\t0.1\t0.1\t", "\t1e-300\t",
                "1 year 2 mons 3 days 04:05:06.789", "COPY \"app\".\"by_mood\" (\"m\", \"v\") FROM stdin;");
        assertThat(data.text()).doesNotContain("txt_upper", "COPY \"app\".\"by_mood_0\"");

        DatabaseEndpoint target = PostgresServer.shared().createDatabase("stats_target");
        setTimeZone(target);
        ByteArrayOutputStream schema = new ByteArrayOutputStream();
        exporter.dump(source, DumpKind.SCHEMA, in -> in.transferTo(schema));
        importer.restore(target, List.of(new SqlDump(DumpKind.SCHEMA, new ByteArrayInputStream(schema.toByteArray())),
                new SqlDump(DumpKind.DATA, new ByteArrayInputStream(data.bytes()))));

        assertThat(exporter.tableStats(target, DumpMode.SUPABASE)).isEqualTo(data.stats());
    }

    @Test
    void aChangedRowChangesTheHashADeletedRowTheCountAndReorderedRowsNothing() {
        DatabaseEndpoint db = awkwardDatabase("stats_changes");
        TableRef swap = new TableRef("app", "swap");
        Dump before = dataDump(db);
        TableStats original = byTable(before.stats()).get(swap);

        // moving a row to the end of the heap changes the order COPY and pg_dump see, not the content
        PostgresServer.execute(db, "DELETE FROM app.swap WHERE a = 1; INSERT INTO app.swap VALUES (1, 'first')");
        Dump reordered = dataDump(db);
        TableStats afterReorder = byTable(exporter.tableStats(db, DumpMode.SUPABASE)).get(swap);

        PostgresServer.execute(db, "UPDATE app.swap SET b = 'Second' WHERE a = 2");
        TableStats afterUpdate = byTable(exporter.tableStats(db, DumpMode.SUPABASE)).get(swap);

        PostgresServer.execute(db, "DELETE FROM app.swap WHERE a = 3");
        TableStats afterDelete = byTable(exporter.tableStats(db, DumpMode.SUPABASE)).get(swap);

        assertThat(blockOf(before.text(), "\"app\".\"swap\"")).startsWith("1\tfirst");
        assertThat(blockOf(reordered.text(), "\"app\".\"swap\"")).startsWith("2\tsecond").endsWith("1\tfirst\n");
        assertThat(byTable(reordered.stats()).get(swap)).isEqualTo(original);
        assertThat(afterReorder).isEqualTo(original);
        assertThat(afterUpdate.rows()).isEqualTo(3);
        assertThat(afterUpdate.contentHash()).isNotEqualTo(original.contentHash());
        assertThat(afterDelete.rows()).isEqualTo(2);
        assertThat(afterDelete.contentHash()).isNotEqualTo(afterUpdate.contentHash());
        // nothing else moved
        assertThat(byTable(exporter.tableStats(db, DumpMode.SUPABASE)).get(new TableRef("app", "big")))
                .isEqualTo(byTable(before.stats()).get(new TableRef("app", "big")));
    }

    private static String blockOf(String dump, String table) {
        int header = dump.indexOf("COPY " + table + " ");
        int start = dump.indexOf('\n', header) + 1;
        return dump.substring(start, dump.indexOf("\\.\n", start));
    }

    @Test
    void supabaseModeCountsThePlatformDataTheDumpKeepsAndNotWhatItLeavesOut() {
        DatabaseEndpoint project = SupabaseFixture.newLoadedProject(PostgresServer.shared());

        Dump data = dataDump(project);
        List<TableStats> live = exporter.tableStats(project, DumpMode.SUPABASE);

        assertThat(data.stats()).isEqualTo(live);
        Map<TableRef, TableStats> tables = byTable(live);
        assertThat(tables.get(new TableRef("auth", "users")).rows()).isEqualTo(SupabaseFixture.AUTH_USER_COUNT);
        for (String table : SupabaseFixture.platformDataTables()) {
            assertThat(tables).containsKey(ref(table));
        }
        assertThat(tables).containsKeys(ref("app.customers"), ref("app.orders"), ref("public.profiles"),
                ref("public.notes"));
        for (String excluded : SupabaseFixture.EXCLUDED_PLATFORM_TABLES) {
            assertThat(tables).doesNotContainKey(ref(excluded));
        }
        assertThat(tables.keySet()).extracting(TableRef::schema)
                .doesNotContain("realtime", "supabase_migrations", "vault", "extensions", "pgbouncer");
    }

    @Test
    void fullModeCountsEveryTableTheArchiveCarries(@TempDir Path temp) throws IOException, InterruptedException {
        DatabaseEndpoint project = SupabaseFixture.newLoadedProject(PostgresServer.shared());
        Path archive = temp.resolve("full.dump");
        exporter.dump(project, DumpKind.FULL, in -> {
            try (OutputStream out = Files.newOutputStream(archive)) {
                in.transferTo(out);
            }
        });

        List<TableStats> fromArchive = archiveDataStats(archive);
        List<TableStats> live = exporter.tableStats(project, DumpMode.FULL);

        assertThat(fromArchive).isEqualTo(live);
        assertThat(byTable(live)).containsKeys(ref("auth.schema_migrations"), ref("storage.migrations"),
                ref("realtime.schema_migrations"), ref("supabase_migrations.schema_migrations"), ref("auth.users"));
    }

    /** The archive's data as the plain SQL pg_restore writes from it, read through the stats stream. */
    private List<TableStats> archiveDataStats(Path archive) throws IOException, InterruptedException {
        ToolLocator.Found pgRestore = tools.preferAtLeast(PgTool.PG_RESTORE, 15, "15");
        Process process = new ProcessBuilder(pgRestore.path().toString(), "--data-only", "--file=-", archive.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        process.getOutputStream().close();
        CopyStatsInputStream counting = new CopyStatsInputStream(process.getInputStream());
        try (InputStream in = counting) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        assertThat(process.waitFor()).isZero();
        return counting.stats();
    }

    @Test
    void anExtensionsConfigurationTableCountsThroughItsFilterAndItsOtherTablesNot() {
        DatabaseEndpoint db = PostgresServer.shared().createDatabase("stats_extension");
        // what an extension script does with pg_extension_config_dump, done by hand on an installed extension
        PostgresServer.execute(db, """
                CREATE EXTENSION citext;
                CREATE SCHEMA app;
                CREATE TABLE app.ext_config (keep boolean, v text);
                CREATE TABLE app.ext_member (v text);
                CREATE TABLE app.plain (v text);
                INSERT INTO app.ext_config VALUES (true, 'kept'), (false, 'left out'), (true, 'kept too');
                INSERT INTO app.ext_member VALUES ('recreated by the extension');
                INSERT INTO app.plain VALUES ('user data');
                ALTER EXTENSION citext ADD TABLE app.ext_config;
                ALTER EXTENSION citext ADD TABLE app.ext_member;
                UPDATE pg_catalog.pg_extension SET extconfig = ARRAY['app.ext_config'::regclass::oid],
                       extcondition = ARRAY['WHERE keep'] WHERE extname = 'citext';
                """);

        Dump data = dataDump(db);
        List<TableStats> live = exporter.tableStats(db, DumpMode.SUPABASE);

        assertThat(data.stats()).isEqualTo(live);
        assertThat(live).extracting(TableStats::ref)
                .containsExactly(new TableRef("app", "ext_config"), new TableRef("app", "plain"));
        assertThat(byTable(live).get(new TableRef("app", "ext_config")).rows()).isEqualTo(2);
        assertThat(exporter.tableStats(db, DumpMode.FULL)).isEqualTo(live);
    }

    @Test
    void aDatabaseInAnotherEncodingHashesTheBytesItsDumpHolds() {
        DatabaseEndpoint admin = PostgresServer.shared().admin();
        String name = "stats_latin1_" + ProcessHandle.current().pid();
        PostgresServer.execute(admin, "DROP DATABASE IF EXISTS " + name);
        PostgresServer.execute(admin, "CREATE DATABASE " + name
                + " ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0");
        DatabaseEndpoint db = admin.withDatabase(name);
        PostgresServer.execute(db, "CREATE TABLE public.\"caf\u00e9\" (dish text);"
                + "INSERT INTO public.\"caf\u00e9\" VALUES ('cr\u00e8me br\u00fbl\u00e9e'), ('plain');");

        Dump data = dataDump(db);
        List<TableStats> live = exporter.tableStats(db, DumpMode.SUPABASE);

        assertThat(data.bytes()).containsSequence("cr\u00e8me".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(data.stats()).isEqualTo(live);
        assertThat(live).extracting(TableStats::table).containsExactly("caf\u00e9");
    }

    private static TableRef ref(String qualified) {
        int dot = qualified.indexOf('.');
        return new TableRef(qualified.substring(0, dot), qualified.substring(dot + 1));
    }
}
