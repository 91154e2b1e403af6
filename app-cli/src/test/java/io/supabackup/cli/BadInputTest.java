package io.supabackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.supabackup.domain.model.DatabaseEndpoint;
import io.supabackup.testkit.PostgresServer;
import io.supabackup.testkit.db.DatabaseSnapshot;
import io.supabackup.testkit.db.SupabaseFixture;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way a user can get it wrong ends in one clear line, its exit code, no stack trace and no harm. */
class BadInputTest {
    private static final PostgresServer SERVER = PostgresServer.shared();
    private static DatabaseEndpoint project;

    @TempDir
    Path work;

    @BeforeAll
    static void loadProject() {
        project = SupabaseFixture.newLoadedProject(SERVER);
    }


    private static void assertOneClearError(CliRunner.Result result, int exitCode, String... fragments) {
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(exitCode);
        assertThat(result.err().lines().filter(line -> line.startsWith("supabackup: ")))
                .as(result.toString()).hasSize(1);
        assertThat(result.err()).as(result.toString()).contains(fragments)
                .doesNotContain("Exception").doesNotContain("\tat ");
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private void assertNoBackupWritten() throws IOException {
        Path repo = work.resolve("repo");
        if (Files.exists(repo)) {
            try (Stream<Path> files = Files.walk(repo)) {
                assertThat(files.filter(p -> p.toString().contains("/backups/"))).isEmpty();
            }
        }
    }

    @Test
    void anUnreachableHostFailsBeforeWritingAndNeverShowsThePassword() throws IOException {
        CliRunner.Result result = new CliRunner(work).run("backup", "--repo", "repo",
                "--db-url", "postgresql://postgres:Sup3rS3cret@127.0.0.1:" + closedPort() + "/postgres");
        assertOneClearError(result, ExitCodes.DATABASE, "127.0.0.1");
        assertThat(result.out() + result.err()).doesNotContain("Sup3rS3cret");
        assertNoBackupWritten();
    }

    @Test
    void aWrongPasswordIsNamedAsSuch() throws IOException {
        DatabaseEndpoint wrong = new DatabaseEndpoint(project.host(), project.port(), project.database(), "nobody_here",
                "wrong-Passw0rd", java.util.Map.of());
        CliRunner.Result result = new CliRunner(work).run("backup", "--repo", "repo", "--db-url", CliRunner.url(wrong));
        assertOneClearError(result, ExitCodes.DATABASE, "nobody_here");
        assertThat(result.out() + result.err()).doesNotContain("wrong-Passw0rd");
        assertNoBackupWritten();
    }

    @Test
    void aMissingPgDumpIsReportedWithTheFix() throws IOException {
        Path empty = Files.createDirectories(work.resolve("empty-bin"));
        CliRunner.Result result = new CliRunner(work).run("backup", "--repo", "repo", "--db-url", CliRunner.url(project),
                "--pg-bin", empty.toString());
        assertOneClearError(result, ExitCodes.TOOL, "pg_dump");
        assertNoBackupWritten();
    }

    @Test
    void aTooOldPgDumpIsReportedWithTheVersions() throws IOException {
        Path bin = Files.createDirectories(work.resolve("old-bin"));
        for (String tool : List.of("pg_dump", "pg_dumpall", "psql", "pg_restore")) {
            Path script = bin.resolve(tool);
            Files.writeString(script, "#!/bin/sh\necho '" + tool + " (PostgreSQL) 12.3'\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        CliRunner.Result result = new CliRunner(work).run("backup", "--repo", "repo", "--db-url", CliRunner.url(project),
                "--pg-bin", bin.toString());
        assertOneClearError(result, ExitCodes.TOOL, "12.3", "15");
        assertNoBackupWritten();
    }

    @Test
    void aMissingRepositoryIsNotFound() {
        assertOneClearError(new CliRunner(work).run("list", "--repo", "nowhere"), ExitCodes.NOT_FOUND,
                "no supabackup repository");
        assertOneClearError(new CliRunner(work).run("restore", "--repo", "nowhere", "--db-url", CliRunner.url(project), "--yes"),
                ExitCodes.NOT_FOUND, "no supabackup repository");
    }

    @Test
    void anUnknownBackupIdIsNotFound() {
        CliRunner cli = new CliRunner(work);
        assertThat(cli.run("backup", "--repo", "repo", "--db-url", CliRunner.url(project)).exitCode()).isZero();
        assertOneClearError(cli.run("restore", "2001-01-01T00-00-00Z", "--repo", "repo", "--db-url", CliRunner.url(project),
                "--yes"), ExitCodes.NOT_FOUND, "2001-01-01T00-00-00Z");
        assertOneClearError(cli.run("show", "tuesday", "--repo", "repo"), ExitCodes.NOT_FOUND, "tuesday");
    }

    @Test
    void aNonEmptyTargetIsRefusedWithoutForceAndLeftAlone() {
        CliRunner cli = new CliRunner(work);
        assertThat(cli.run("backup", "--repo", "repo", "--db-url", CliRunner.url(project)).exitCode()).isZero();
        DatabaseSnapshot before = DatabaseSnapshot.capture(project, SupabaseFixture.USER_SCHEMAS);

        CliRunner.Result result = cli.run("restore", "--repo", "repo", "--db-url", CliRunner.url(project), "--yes");
        assertOneClearError(result, ExitCodes.REFUSED, "already holds", "--force");
        assertThat(DatabaseSnapshot.capture(project, SupabaseFixture.USER_SCHEMAS).differencesFrom(before)).isEmpty();
    }

    @Test
    void restoreAsksFirstAndDoesNothingWithoutAYes() {
        CliRunner cli = new CliRunner(work);
        assertThat(cli.run("backup", "--repo", "repo", "--db-url", CliRunner.url(project)).exitCode()).isZero();
        DatabaseEndpoint target = SupabaseFixture.newProject(SERVER);

        assertOneClearError(cli.run("restore", "--repo", "repo", "--target-db-url", CliRunner.url(target)),
                ExitCodes.REFUSED, "--yes");
        assertOneClearError(cli.answering("no\n").run("restore", "--repo", "repo", "--target-db-url", CliRunner.url(target)),
                ExitCodes.REFUSED, "cancelled");
        assertThat(DatabaseSnapshot.capture(target, SupabaseFixture.USER_SCHEMAS).differencesFrom(
                DatabaseSnapshot.capture(SupabaseFixture.newProject(SERVER), SupabaseFixture.USER_SCHEMAS))).isEmpty();
        assertThat(cli.answering("yes\n").run("restore", "--repo", "repo", "--target-db-url", CliRunner.url(target)).exitCode())
                .isZero();
    }

    @Test
    void aBackupKilledHalfWayIsListedAsIncompleteAndRefused() throws IOException {
        CliRunner cli = new CliRunner(work);
        assertThat(cli.run("backup", "--repo", "repo", "--db-url", CliRunner.url(project)).exitCode()).isZero();
        // What a backup killed mid-dump leaves: its files so far, no manifest.
        Path killed = work.resolve("repo/backups/2030-01-01T00-00-00Z");
        Files.createDirectories(killed.resolve("db"));
        Files.writeString(killed.resolve("started.json"), "{}");
        Files.writeString(killed.resolve("db/roles.sql"), "CREATE ROLE half;\n");

        CliRunner.Result list = cli.run("list", "--repo", "repo");
        assertThat(list.out()).contains("2030-01-01T00-00-00Z").contains("INCOMPLETE");
        DatabaseEndpoint target = SupabaseFixture.newProject(SERVER);
        assertOneClearError(cli.run("restore", "2030-01-01T00-00-00Z", "--repo", "repo", "--target-db-url", CliRunner.url(target),
                "--yes"), ExitCodes.PARTIAL, "incomplete");
        // 'latest' means the newest complete backup, never the broken one.
        assertThat(cli.run("show", "latest", "--repo", "repo").out()).doesNotContain("2030-01-01T00-00-00Z");
    }

    @Test
    void aCorruptDumpIsDetectedAndNothingIsCommitted() throws IOException {
        CliRunner cli = new CliRunner(work);
        // stored as it is, so that only the manifest's SHA-256 can catch the damage
        assertThat(cli.run("backup", "--repo", "repo", "--db-url", CliRunner.url(project), "--compression", "none").exitCode())
                .isZero();
        Path data;
        try (Stream<Path> files = Files.walk(work.resolve("repo"))) {
            data = files.filter(p -> p.toString().endsWith("db/data.sql")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(data);
        int middle = bytes.length / 2;
        bytes[middle] = (byte) (bytes[middle] == 'x' ? 'y' : 'x');
        Files.write(data, bytes);

        DatabaseEndpoint target = SupabaseFixture.newProject(SERVER);
        CliRunner.Result result = cli.run("restore", "--repo", "repo", "--target-db-url", CliRunner.url(target), "--yes");
        assertOneClearError(result, ExitCodes.PARTIAL, "db/data.sql", "corrupt");
        // roles, schema and data replay in one transaction: the damaged data dump undid all of it
        List<String> schemas = List.of("auth", "storage", "public", "app");
        DatabaseSnapshot fresh = DatabaseSnapshot.capture(SupabaseFixture.newProject(SERVER), schemas);
        assertThat(DatabaseSnapshot.capture(target, schemas).differencesFrom(fresh))
                .as("nothing of the restore was committed").isEmpty();
    }

    @Test
    void anUnknownRepositorySchemeListsTheKnownOnes() {
        assertOneClearError(new CliRunner(work).run("list", "--repo", "ftp://example.com/backups"), ExitCodes.USAGE,
                "ftp", "file");
    }

    @Test
    void aBadConnectionStringIsAUsageError() {
        assertOneClearError(new CliRunner(work).run("backup", "--repo", "repo", "--db-url", "mysql-server"),
                ExitCodes.USAGE, "mysql-server");
        assertOneClearError(new CliRunner(work).run("backup", "--repo", "repo"), ExitCodes.USAGE, "SUPABASE_DB_URL");
    }

    @Test
    void anUnknownOptionPointsAtHelp() {
        CliRunner.Result result = new CliRunner(work).run("backup", "--frobnicate");
        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("--frobnicate").contains("--help");
    }

    @Test
    void theHelpThatAUsageErrorPointsAtExistsForEveryCommand() {
        for (String[] command : List.of(new String[] {"backup"}, new String[] {"restore"}, new String[] {"list"},
                new String[] {"show"}, new String[] {"key"}, new String[] {"key", "generate"})) {
            String[] args = Stream.concat(Stream.of(command), Stream.of("--help")).toArray(String[]::new);
            CliRunner.Result result = new CliRunner(work).run(args);
            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.out()).as(result.toString()).contains("Usage: supabackup " + String.join(" ", command));
        }
    }
}
