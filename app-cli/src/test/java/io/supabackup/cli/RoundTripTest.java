package io.supabackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.supabackup.domain.model.DatabaseEndpoint;
import io.supabackup.testkit.PostgresServer;
import io.supabackup.testkit.db.DatabaseSnapshot;
import io.supabackup.testkit.db.SupabaseFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The foundation's promise, end to end through the CLI: a Supabase-shaped project backed up into a local
 * repository and restored into a fresh project is equal to the original in every way we can measure.
 */
class RoundTripTest {
    private static final PostgresServer SERVER = PostgresServer.shared();
    private static DatabaseEndpoint source;
    private static DatabaseSnapshot sourceSnapshot;

    @TempDir
    Path work;

    @BeforeAll
    static void loadSource() {
        source = SupabaseFixture.newLoadedProject(SERVER);
        sourceSnapshot = DatabaseSnapshot.capture(source, comparedSchemas());
    }

    static List<String> comparedSchemas() {
        List<String> schemas = new ArrayList<>(SupabaseFixture.USER_SCHEMAS);
        schemas.addAll(SupabaseFixture.PLATFORM_DATA_SCHEMAS);
        return schemas;
    }


    @Test
    void aSupabaseProjectRoundTripsIntoAFreshProject() {
        CliRunner cli = new CliRunner(work);
        CliRunner.Result backup = cli.run("backup", "--db-url", CliRunner.url(source), "--repo", "repo");
        assertThat(backup.exitCode()).as(backup.toString()).isZero();
        assertThat(backup.out()).contains("Backup ").contains(" complete");

        DatabaseEndpoint target = SupabaseFixture.newProject(SERVER);
        CliRunner.Result restore = cli.run("restore", "latest", "--repo", "repo", "--target-db-url", CliRunner.url(target), "--yes");
        assertThat(restore.exitCode()).as(restore.toString()).isZero();

        DatabaseSnapshot restored = DatabaseSnapshot.capture(target, comparedSchemas());
        assertThat(restored.differencesFrom(sourceSnapshot)).isEmpty();
        for (SupabaseFixture.KnownLogin login : SupabaseFixture.knownLogins()) {
            assertThat(DatabaseSnapshot.passwordMatches(target, login.email(), login.password()))
                    .as("password of " + login.email() + " still verifies").isTrue();
        }
        assertThat(backup.out() + backup.err() + restore.out() + restore.err()).doesNotContain(source.password() + "@");
    }

    @Test
    void theJsonExportRestoresTheDataWhenAskedTo() {
        CliRunner cli = new CliRunner(work);
        CliRunner.Result backup = cli.run("backup", "--db-url", CliRunner.url(source), "--repo", "repo", "--table-json");
        assertThat(backup.exitCode()).as(backup.toString()).isZero();

        DatabaseEndpoint target = SupabaseFixture.newProject(SERVER);
        CliRunner.Result restore = cli.run("restore", "--repo", "repo", "--target-db-url", CliRunner.url(target), "--yes",
                "--from-json");
        assertThat(restore.exitCode()).as(restore.toString()).isZero();
        assertThat(restore.out()).contains("load tables from JSON");

        DatabaseSnapshot restored = DatabaseSnapshot.capture(target, SupabaseFixture.USER_SCHEMAS);
        DatabaseSnapshot original = DatabaseSnapshot.capture(source, SupabaseFixture.USER_SCHEMAS);
        assertThat(restored.differencesFrom(original)).isEmpty();
    }

    @Test
    void aPlainPostgresRoundTripsThroughAFullArchive() {
        DatabaseEndpoint plain = SERVER.createDatabase("plain_source");
        PostgresServer.execute(plain, """
                CREATE TABLE item (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL,
                                   price numeric(12,4), tags text[], created timestamptz DEFAULT now());
                INSERT INTO item (name, price, tags) SELECT 'item ' || g, g * 1.2345, ARRAY['a', 'b' || g]
                  FROM generate_series(1, 500) g;
                CREATE VIEW cheap AS SELECT * FROM item WHERE price < 10;
                """);
        CliRunner cli = new CliRunner(work);
        CliRunner.Result backup = cli.run("backup", "--full", "--db-url", CliRunner.url(plain), "--repo", "repo");
        assertThat(backup.exitCode()).as(backup.toString()).isZero();

        DatabaseEndpoint target = SERVER.createDatabase("plain_target");
        CliRunner.Result restore = cli.run("restore", "--repo", "repo", "--target-db-url", CliRunner.url(target), "--yes",
                "--jobs", "2");
        assertThat(restore.exitCode()).as(restore.toString()).isZero();
        assertThat(DatabaseSnapshot.capture(target, List.of("public")).differencesFrom(
                DatabaseSnapshot.capture(plain, List.of("public")))).isEmpty();
    }

    @Test
    void listAndShowDescribeTheBackups() throws Exception {
        CliRunner cli = new CliRunner(work);
        assertThat(cli.run("backup", "--db-url", CliRunner.url(source), "--repo", "repo").exitCode()).isZero();

        CliRunner.Result list = cli.run("list", "--repo", "repo");
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.out()).contains("complete").contains("supabase");

        CliRunner.Result show = cli.run("show", "latest", "--repo", "repo", "--json");
        assertThat(show.exitCode()).as(show.toString()).isZero();
        assertThat(show.out()).contains("\"db/roles.sql\"").contains("\"db/schema.sql\"").contains("\"db/data.sql\"")
                .contains("\"sha256\"");
        try (Stream<Path> files = Files.walk(work.resolve("repo"))) {
            assertThat(files.filter(Files::isRegularFile).map(p -> work.resolve("repo").relativize(p).toString()))
                    .anyMatch(p -> p.endsWith("manifest.json")).contains("config.json");
        }
    }
}
