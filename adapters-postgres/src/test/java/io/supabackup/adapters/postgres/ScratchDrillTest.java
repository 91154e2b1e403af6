package io.supabackup.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import io.supabackup.domain.model.DatabaseEndpoint;
import io.supabackup.domain.model.DumpKind;
import io.supabackup.domain.model.DumpMode;
import io.supabackup.domain.model.TableRef;
import io.supabackup.domain.model.TableStats;
import io.supabackup.domain.port.out.ScratchDatabases;
import io.supabackup.domain.port.out.ScratchDatabases.Scratch;
import io.supabackup.domain.port.out.SqlDump;
import io.supabackup.testkit.PostgresServer;
import io.supabackup.testkit.db.SupabaseFixture;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A Supabase-mode backup restores into a scratch database on a plain PostgreSQL once the scratch is prepared
 * with the reserved roles and the platform schema dump, and the restored copy's table stats equal the
 * project's; scratches go away on close.
 */
class ScratchDrillTest {
    private final ToolLocator tools = new ToolLocator(PostgresConfig.defaults());
    private final PgDatabaseExporter exporter = new PgDatabaseExporter(tools);
    private final PgDatabaseImporter importer = new PgDatabaseImporter(tools);

    private byte[] dump(DatabaseEndpoint db, DumpKind kind) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        exporter.dump(db, kind, in -> in.transferTo(out));
        return out.toByteArray();
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static ScratchDatabases onSharedServer() {
        return new ServerScratchDatabases(PostgresServer.shared().admin());
    }

    /** Everything a drill does: prepare the scratch, restore the backup's dumps into it, compare stats. */
    private List<String> drill(DatabaseEndpoint project, Scratch scratch) {
        byte[] platformSchema = dump(project, DumpKind.PLATFORM_SCHEMA);
        List<SqlDump> dumps = new ArrayList<>();
        for (DumpKind kind : DumpMode.SUPABASE.dumps()) {
            dumps.add(new SqlDump(kind, new ByteArrayInputStream(dump(project, kind))));
        }
        List<String> warnings = importer.prepareScratch(scratch.endpoint(),
                Optional.of(new ByteArrayInputStream(platformSchema)));
        importer.restore(scratch.endpoint(), dumps);
        return warnings;
    }

    /**
     * A project in a zone other than the machine's, as a drill meets it: its dumps print timestamptz values in
     * that zone, so the scratch must print them in the same one for the stats to agree.
     */
    private static DatabaseEndpoint projectInItsOwnTimeZone() {
        DatabaseEndpoint project = SupabaseFixture.newLoadedProject(PostgresServer.shared());
        PostgresServer.execute(project, "ALTER DATABASE \"" + project.database() + "\" SET TimeZone = '" + TIME_ZONE + "'");
        return project;
    }

    private static final String TIME_ZONE = "Asia/Kolkata";

    /** The database's own settings (pgjdbc sends the JVM's TimeZone, so SHOW does not tell). */
    private static String defaultSettings(DatabaseEndpoint db) {
        return queryString(db, """
                SELECT array_to_string(s.setconfig, ',') FROM pg_db_role_setting s
                JOIN pg_database d ON d.oid = s.setdatabase WHERE d.datname = current_database() AND s.setrole = 0""");
    }

    @Test
    void aSupabaseProjectRestoresIntoAnEmbeddedScratchWithEqualTableStats() {
        DatabaseEndpoint project = projectInItsOwnTimeZone();
        DatabaseEndpoint endpoint;

        try (Scratch scratch = new EmbeddedScratchDatabases().create(15, TIME_ZONE)) {
            endpoint = scratch.endpoint();
            assertThat(queryString(endpoint, "SELECT count(*) FROM pg_roles WHERE rolname = 'anon'")).isEqualTo("0");

            List<String> warnings = drill(project, scratch);

            assertThat(warnings).isEmpty();
            assertRestoredLikeTheProject(endpoint, project);
            assertThat(defaultSettings(endpoint)).isEqualTo("TimeZone=" + TIME_ZONE);
            assertThat(queryString(endpoint, "SHOW server_version_num")).startsWith(
                    String.valueOf(EmbeddedScratchDatabases.EMBEDDED_MAJOR));
            assertThat(scratch.description()).contains("embedded PostgreSQL 15", String.valueOf(endpoint.port()));
        }

        assertThatThrownBy(() -> Connections.open(endpoint).close())
                .isInstanceOfSatisfying(SupabackupException.class,
                        e -> assertThat(e.getMessage()).contains("cannot reach", "connection refused"));
    }

    @Test
    void aSupabaseProjectRestoresIntoAScratchDatabaseOnAServerWithEqualTableStats() {
        DatabaseEndpoint project = projectInItsOwnTimeZone();

        try (Scratch scratch = onSharedServer().create(15, TIME_ZONE)) {
            List<String> warnings = drill(project, scratch);

            assertThat(warnings).isEmpty();
            assertRestoredLikeTheProject(scratch.endpoint(), project);
            assertThat(scratch.endpoint().database()).startsWith("supabackup_drill_");
            assertThat(scratch.description()).contains(scratch.endpoint().database()).doesNotContain(
                    ":" + PostgresServer.shared().admin().password() + "@");
        }
    }

    private void assertRestoredLikeTheProject(DatabaseEndpoint scratch, DatabaseEndpoint project) {
        List<TableStats> expected = exporter.tableStats(project, DumpMode.SUPABASE);
        assertThat(exporter.tableStats(scratch, DumpMode.SUPABASE)).isEqualTo(expected);
        assertThat(expected).extracting(TableStats::ref).contains(new TableRef("auth", "users"),
                new TableRef("storage", "objects"), new TableRef("app", "orders"));
        String hashes = "SELECT string_agg(id || ':' || encrypted_password, ',' ORDER BY id) FROM auth.users";
        assertThat(queryString(scratch, hashes)).isEqualTo(queryString(project, hashes)).contains("$2a$10$");
        // the user's trigger and policies on platform tables came back through the platform dump
        assertThat(queryString(scratch, "SELECT count(*) FROM pg_trigger WHERE tgname = 'on_auth_user_created'"))
                .isEqualTo("1");
        assertThat(queryString(scratch, "SELECT count(*) FROM pg_policies WHERE schemaname = 'storage'"))
                .isEqualTo(queryString(project, "SELECT count(*) FROM pg_policies WHERE schemaname = 'storage'"));
    }

    @Test
    void thePlatformSchemaDumpHoldsTheKeptPlatformSchemasButNotTheUsersObjectsOnThem() {
        DatabaseEndpoint project = SupabaseFixture.newLoadedProject(PostgresServer.shared());

        String sql = text(dump(project, DumpKind.PLATFORM_SCHEMA));

        assertThat(sql).contains("CREATE SCHEMA IF NOT EXISTS \"auth\";", "CREATE SCHEMA IF NOT EXISTS \"storage\";",
                "CREATE SCHEMA IF NOT EXISTS \"supabase_functions\";", "CREATE TABLE \"auth\".\"users\" (",
                "CREATE TABLE \"storage\".\"objects\" (", "CREATE FUNCTION \"auth\".\"uid\"()",
                "CREATE TRIGGER \"update_objects_updated_at\"",
                // schema.sql creates extensions in it and alters the publication, but makes neither
                "CREATE SCHEMA IF NOT EXISTS \"extensions\";", "CREATE PUBLICATION \"supabase_realtime\";",
                "CREATE ROLE \"supabase_auth_admin\" NOLOGIN;",
                "WHERE name = 'pg_trgm') THEN RAISE EXCEPTION 'this server lacks the extension % that the project has'");
        assertThat(sql).contains("-- CREATE TRIGGER \"on_auth_user_created\"",
                "-- CREATE POLICY \"Avatar images are publicly accessible\"");
        assertThat(sql).doesNotContain("\"realtime\".", "\"vault\".", "\"app\".", "OWNER TO", "GRANT ",
                "CREATE EXTENSION");
        assertThat(DumpMode.SUPABASE.dumps()).doesNotContain(DumpKind.PLATFORM_SCHEMA);
        assertThat(DumpKind.PLATFORM_SCHEMA.path()).isEqualTo("db/platform-schema.sql");
        assertThat(DumpKind.PLATFORM_SCHEMA.entryKind().wireName()).isEqualTo("database-platform-schema");
    }

    @Test
    void extensionsThePlatformSchemasUseComeAlongAndTheirConfigurationTablesGetStandIns() {
        DatabaseEndpoint project = SupabaseFixture.newLoadedProject(PostgresServer.shared());
        // pg_cron as the platform has it, played by citext: an extension-owned cron schema whose job table is
        // a configuration table (its rows are in the data dump) that a plain CREATE EXTENSION does not make
        PostgresServer.execute(project, """
                CREATE SCHEMA cron;
                CREATE TABLE cron.job (jobid bigint PRIMARY KEY, schedule text, command text, active boolean,
                                       label text GENERATED ALWAYS AS (upper(schedule)) STORED);
                INSERT INTO cron.job VALUES (1, '*/5 * * * *', 'VACUUM', true), (2, '@daily', 'SELECT 1', false);
                ALTER EXTENSION citext ADD SCHEMA cron;
                ALTER EXTENSION citext ADD TABLE cron.job;
                UPDATE pg_catalog.pg_extension SET extconfig = ARRAY['cron.job'::regclass::oid], extcondition = ARRAY['']
                 WHERE extname = 'citext';
                ALTER TABLE auth.instances ALTER COLUMN uuid SET DEFAULT extensions.uuid_generate_v4();
                """);

        String sql = text(dump(project, DumpKind.PLATFORM_SCHEMA));

        assertThat(sql).contains("CREATE EXTENSION IF NOT EXISTS \"uuid-ossp\" WITH SCHEMA \"extensions\";",
                "CREATE EXTENSION IF NOT EXISTS \"citext\" WITH SCHEMA \"extensions\";",
                "CREATE TABLE IF NOT EXISTS \"cron\".\"job\" (jobid bigint, schedule text, command text, active boolean);");
        assertThat(sql).doesNotContain("CREATE EXTENSION IF NOT EXISTS \"pg_trgm\"",
                "CREATE EXTENSION IF NOT EXISTS \"pgcrypto\"");
        try (Scratch scratch = onSharedServer().create(15, "UTC")) {
            assertThat(drill(project, scratch)).isEmpty();

            assertThat(exporter.tableStats(scratch.endpoint(), DumpMode.SUPABASE))
                    .isEqualTo(exporter.tableStats(project, DumpMode.SUPABASE))
                    .extracting(TableStats::ref).contains(new TableRef("cron", "job"));
        }
    }

    @Test
    void anExtensionTheScratchServerLacksIsReportedWhenPreparingAndLeftOutOfTheRestore() {
        DatabaseEndpoint project = SupabaseFixture.newLoadedProject(PostgresServer.shared());
        // what pg_graphql or supabase_vault are to a plain PostgreSQL: pg_trgm under a name no server knows,
        // its one user (an index) gone
        PostgresServer.execute(project, """
                DROP INDEX app.customers_name_trgm;
                UPDATE pg_catalog.pg_extension SET extname = 'supabase_only' WHERE extname = 'pg_trgm';
                """);
        byte[] schema = dump(project, DumpKind.SCHEMA);
        assertThat(text(schema)).contains("CREATE EXTENSION IF NOT EXISTS \"supabase_only\" WITH SCHEMA \"extensions\";");

        try (Scratch scratch = onSharedServer().create(15, "UTC")) {
            List<String> warnings = drill(project, scratch);

            assertThat(warnings).singleElement().asString().startsWith("platform schemas dump line ")
                    .endsWith(": this server lacks the extension supabase_only that the project has");
            assertThat(exporter.tableStats(scratch.endpoint(), DumpMode.SUPABASE))
                    .isEqualTo(exporter.tableStats(project, DumpMode.SUPABASE));
            assertThat(queryString(scratch.endpoint(), "SELECT string_agg(extname, ',' ORDER BY extname) FROM pg_extension"))
                    .isEqualTo("citext,pgcrypto,plpgsql,uuid-ossp");
        }
        // into a database not prepared as a scratch, a missing extension still fails the restore
        DatabaseEndpoint plain = PostgresServer.shared().createDatabase("not_a_scratch");
        PostgresServer.execute(plain, "CREATE SCHEMA extensions");
        assertThatThrownBy(() -> importer.restore(plain, DumpKind.SCHEMA, new ByteArrayInputStream(schema)))
                .isInstanceOfSatisfying(SupabackupException.class,
                        e -> assertThat(e.getMessage()).contains("supabase_only"));
    }

    @Test
    void aBadStatementInThePlatformSchemaSqlIsAWarningAndTheRestStillRuns() {
        try (Scratch scratch = onSharedServer().create(15)) {
            String sql = """
                    CREATE SCHEMA auth;
                    CREATE TABLE auth.users (id uuid PRIMARY KEY);
                    THIS IS NOT SQL;
                    CREATE EXTENSION IF NOT EXISTS no_such_extension;
                    CREATE TABLE auth.after_the_errors (id int);
                    """;

            List<String> warnings = importer.prepareScratch(scratch.endpoint(),
                    Optional.of(new ByteArrayInputStream(sql.getBytes(StandardCharsets.UTF_8))));

            assertThat(warnings).hasSize(2);
            assertThat(warnings.get(0)).isEqualTo("platform schemas dump line 3: syntax error at or near \"THIS\"");
            assertThat(warnings.get(1)).startsWith("platform schemas dump line 4: ")
                    .contains("no_such_extension");
            assertThat(queryString(scratch.endpoint(), "SELECT count(*) FROM pg_tables WHERE schemaname = 'auth'"))
                    .isEqualTo("2");
            assertThat(defaultSettings(scratch.endpoint())).isEqualTo("TimeZone=UTC");
        }
    }

    @Test
    void withoutAPlatformSchemaDumpOnlyTheReservedRolesAreMade() {
        try (Scratch scratch = new EmbeddedScratchDatabases().create(14)) {
            List<String> warnings = importer.prepareScratch(scratch.endpoint(), Optional.empty());

            assertThat(warnings).isEmpty();
            assertThat(queryString(scratch.endpoint(), "SELECT string_agg(rolname, ',' ORDER BY rolname) FROM pg_roles "
                    + "WHERE rolname = ANY (ARRAY['anon', 'authenticated', 'service_role', 'supabase_admin', "
                    + "'supabase_auth_admin', 'supabase_storage_admin', 'pgtle_admin']) AND NOT rolcanlogin"))
                    .isEqualTo("anon,authenticated,pgtle_admin,service_role,supabase_admin,supabase_auth_admin,"
                            + "supabase_storage_admin");
            assertThat(queryString(scratch.endpoint(), "SELECT count(*) FROM pg_namespace WHERE nspname = 'auth'"))
                    .isEqualTo("0");
            assertThat(importer.prepareScratch(scratch.endpoint(), Optional.empty())).isEmpty();
        }
    }

    @Test
    void closingAServerScratchEndsItsConnectionsAndDropsTheDatabase() throws SQLException {
        Scratch scratch = onSharedServer().create(15);
        String name = scratch.endpoint().database();

        try (Connection leftover = PostgresServer.connect(scratch.endpoint())) {
            scratch.close();
            scratch.close();

            assertThat(leftover.isValid(2)).isFalse();
        }
        assertThat(queryString(PostgresServer.shared().admin(),
                "SELECT count(*) FROM pg_database WHERE datname = '" + name + "'")).isEqualTo("0");
        assertThatThrownBy(() -> Connections.open(scratch.endpoint()).close())
                .isInstanceOfSatisfying(SupabackupException.class,
                        e -> assertThat(e.getMessage()).contains("database \"" + name + "\" does not exist"));
    }

    @Test
    void theEmbeddedScratchRefusesABackupOfANewerServerWithAHint() {
        assertThatThrownBy(() -> new EmbeddedScratchDatabases().create(17))
                .isInstanceOfSatisfying(SupabackupException.class, e -> {
                    assertThat(e.kind()).isEqualTo(FailureKind.TOOL);
                    assertThat(e.getMessage()).isEqualTo(
                            "the backup comes from PostgreSQL 17, newer than the embedded PostgreSQL 15 that drills run on");
                    assertThat(e.hint()).startsWith("pass --drill-db-url postgresql://").contains("17 or newer");
                });
        assertThat(EmbeddedScratchDatabases.isSupportedPlatform("Linux", "amd64")).isTrue();
        assertThat(EmbeddedScratchDatabases.isSupportedPlatform("Mac OS X", "aarch64")).isFalse();
        assertThat(EmbeddedScratchDatabases.isSupportedPlatform("Linux", "aarch64")).isFalse();
        assertThat(EmbeddedScratchDatabases.isSupportedPlatform("Windows 11", "amd64")).isFalse();
    }

    @Test
    void aServerScratchRefusesABackupOfANewerServerWithAHint() {
        assertThatThrownBy(() -> onSharedServer().create(99))
                .isInstanceOfSatisfying(SupabackupException.class, e -> {
                    assertThat(e.kind()).isEqualTo(FailureKind.USAGE);
                    assertThat(e.getMessage()).contains("older than the PostgreSQL 99 the backup was taken from");
                    assertThat(e.hint()).contains("--drill-db-url", "PostgreSQL 99 or newer");
                });
    }

    @Test
    void anUnknownTimeZoneIsRefusedAndLeavesNoDatabaseBehind() {
        assertThatThrownBy(() -> onSharedServer().create(15, "Mars/Olympus_Mons"))
                .isInstanceOfSatisfying(SupabackupException.class, e -> {
                    assertThat(e.kind()).isEqualTo(FailureKind.USAGE);
                    assertThat(e.getMessage()).contains("Mars/Olympus_Mons");
                });
    }

    static String queryString(DatabaseEndpoint db, String sql) {
        try (Connection c = PostgresServer.connect(db); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
