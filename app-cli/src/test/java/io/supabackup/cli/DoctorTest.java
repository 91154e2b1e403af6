package io.supabackup.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.supabackup.domain.model.DatabaseEndpoint;
import io.supabackup.testkit.PostgresServer;
import io.supabackup.testkit.db.SupabaseFixture;
import io.supabackup.testkit.supabase.FakeSupabase;
import io.supabackup.testkit.supabase.UserSpec;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code supabackup doctor} against real parts: an embedded PostgreSQL with a Supabase-shaped project, the fake
 * Supabase APIs, a temporary repository and real keys. Every check reports on its own line, a failing check
 * does not stop the others, the exit code is the first failure's, and no secret is ever printed.
 */
class DoctorTest {
    private static final PostgresServer SERVER = PostgresServer.shared();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> CHECKS = List.of("configuration", "database", "client tools", "Storage API",
            "Auth API", "repository", "encryption");
    private static DatabaseEndpoint project;

    @TempDir
    Path work;

    @BeforeAll
    static void loadProject() {
        project = SupabaseFixture.newLoadedProject(SERVER);
    }


    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The report line of one check, e.g. {@code ✓ database  PostgreSQL 15.8 …}. */
    private static String line(CliRunner.Result result, String check) {
        return result.out().lines().filter(l -> l.length() > 2 && l.substring(2).startsWith(check + " "))
                .findFirst().orElseThrow(() -> new AssertionError("no line for " + check + " in\n" + result));
    }

    /** The line after a check's line: its fix or hint. */
    private static String hint(CliRunner.Result result, String check) {
        List<String> lines = result.out().lines().toList();
        int at = lines.indexOf(line(result, check));
        return at + 1 < lines.size() ? lines.get(at + 1) : "";
    }

    private static void assertNoStackTrace(CliRunner.Result result) {
        assertThat(result.out() + result.err()).as(result.toString()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    private void assertNoProbeLeftIn(Path repository) throws IOException {
        if (Files.isDirectory(repository)) {
            try (Stream<Path> files = Files.walk(repository)) {
                assertThat(files.filter(p -> p.getFileName().toString().contains("doctor-probe"))).isEmpty();
            }
        }
    }

    private CliRunner cli(FakeSupabase api, String key) {
        return new CliRunner(work).env("SUPABASE_URL", api.url()).env("SUPABASE_SERVICE_ROLE_KEY", key);
    }

    @Test
    void aWorkingSetupPassesEveryCheckAndSaysWhatItFound() throws IOException {
        Files.writeString(work.resolve(".env"), "SUPABACKUP_REPO=repo\n");
        Files.writeString(work.resolve("pass.txt"), "a long and secret passphrase\n");
        try (FakeSupabase api = FakeSupabase.start()) {
            api.storage().createBucket("avatars");
            api.auth().addUser(UserSpec.withEmail("ann@example.com"));
            api.auth().addUser(UserSpec.withEmail("ben@example.com"));
            CliRunner cli = cli(api, api.serviceRoleKey());

            CliRunner.Result first = cli.run("doctor", "--db-url", CliRunner.url(project), "--passphrase-file", "pass.txt");
            assertThat(first.exitCode()).as(first.toString()).isZero();
            for (String check : CHECKS) {
                assertThat(line(first, check)).as(first.toString()).startsWith("✓ ");
            }
            assertThat(line(first, "configuration")).contains(".env " + work.resolve(".env"))
                    .contains("repository " + work.resolve("repo") + " (.env SUPABACKUP_REPO)")
                    .contains("database URL from --db-url on the command line")
                    .contains("project URL from environment SUPABASE_URL");
            assertThat(line(first, "database")).contains("PostgreSQL 15.", project.host() + ":" + project.port(),
                    "logged in as ", "a Supabase project");
            assertThat(line(first, "client tools")).contains("pg_dump", "pg_dumpall", "psql", "pg_restore",
                    "for the PostgreSQL 15.");
            assertThat(line(first, "Storage API")).contains("1 bucket at " + api.url() + "/storage/v1: avatars");
            assertThat(line(first, "Auth API")).contains("2 users at " + api.url() + "/auth/v1");
            assertThat(line(first, "repository")).contains("writable", "no repository yet");
            assertThat(line(first, "encryption")).contains("a passphrase", "decrypts again");
            assertThat(first.out()).contains("All 7 checks passed.");
            assertThat(first.out() + first.err()).doesNotContain(project.password() + "@")
                    .doesNotContain(api.serviceRoleKey()).doesNotContain("a long and secret passphrase");
            assertNoProbeLeftIn(work.resolve("repo"));

            CliRunner.Result backup = cli.run("backup", "--db-url", CliRunner.url(project), "--passphrase-file", "pass.txt");
            assertThat(backup.exitCode()).as(backup.toString()).isZero();
            CliRunner.Result second = cli.run("doctor", "--db-url", CliRunner.url(project), "--passphrase-file", "pass.txt");
            assertThat(second.exitCode()).as(second.toString()).isZero();
            assertThat(line(second, "repository")).contains("a repository with 1 complete backup");
            assertThat(line(second, "encryption")).contains("they open the latest backup");
            assertNoProbeLeftIn(work.resolve("repo"));
        }
    }

    @Test
    void aWrongDatabasePasswordFailsTheDatabaseCheckWithExit6AndIsNeverShown() throws Exception {
        DatabaseEndpoint withPassword = passwordCheckedRole("R1ght-Passw0rd");
        DatabaseEndpoint wrong = new DatabaseEndpoint(withPassword.host(), withPassword.port(), withPassword.database(),
                withPassword.user(), "Wr0ng-Passw0rd-42", Map.of());

        CliRunner.Result result = new CliRunner(work).run("doctor", "--db-url", CliRunner.url(wrong), "--repo", "repo");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.DATABASE);
        assertThat(line(result, "database")).startsWith("✗ ").contains("password authentication failed",
                withPassword.user());
        assertThat(hint(result, "database")).contains("fix: check the database password");
        assertThat(result.out() + result.err()).doesNotContain("Wr0ng-Passw0rd-42");
        // the other checks ran all the same
        assertThat(line(result, "repository")).startsWith("✓ ");
        assertThat(line(result, "client tools")).startsWith("✓ ").contains("the server's version is unknown");
        assertNoStackTrace(result);

        CliRunner.Result right = new CliRunner(work).run("doctor", "--db-url", CliRunner.url(withPassword), "--repo", "repo");
        assertThat(right.exitCode()).as(right.toString()).isZero();
        assertThat(line(right, "database")).contains("logged in as " + withPassword.user());
    }

    /**
     * A role the server asks a password of: the embedded server trusts every login, so a line for this role
     * alone goes to the top of pg_hba.conf. Skips where the server's files are out of reach.
     */
    private static DatabaseEndpoint passwordCheckedRole(String password) throws SQLException {
        String role = "doctor_pw_" + ProcessHandle.current().pid();
        try (Connection c = PostgresServer.connect(SERVER.admin()); Statement s = c.createStatement()) {
            s.execute("DROP ROLE IF EXISTS " + role);
            s.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + password + "'");
            try (ResultSet rs = s.executeQuery("SELECT pg_read_file(current_setting('hba_file'))")) {
                rs.next();
                String hba = rs.getString(1);
                if (!hba.contains(role)) {
                    String amended = "host all " + role + " all scram-sha-256\n" + hba;
                    long oid;
                    try (ResultSet created = s.executeQuery("SELECT lo_from_bytea(0, convert_to('"
                            + amended.replace("'", "''") + "', 'UTF8'))")) {
                        created.next();
                        oid = created.getLong(1);
                    }
                    s.execute("SELECT lo_export(" + oid + ", current_setting('hba_file'))");
                    s.execute("SELECT lo_unlink(" + oid + ")");
                    s.execute("SELECT pg_reload_conf()");
                }
            } catch (SQLException e) {
                assumeTrue(false, "cannot make the test server check passwords: " + e.getMessage());
            }
        }
        DatabaseEndpoint endpoint = new DatabaseEndpoint(SERVER.admin().host(), SERVER.admin().port(),
                project.database(), role, password, Map.of());
        DatabaseEndpoint wrong = new DatabaseEndpoint(endpoint.host(), endpoint.port(), endpoint.database(), role,
                "not-it", Map.of());
        // the reload reaches the server a moment later
        for (int attempt = 0; attempt < 50; attempt++) {
            try (Connection c = PostgresServer.connect(wrong)) {
                Thread.sleep(100);
            } catch (SQLException expected) {
                return endpoint;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        assumeTrue(false, "the test server does not check passwords");
        return endpoint;
    }

    @Test
    void anUnreachableHostFailsTheDatabaseCheckNamingTheAddress() throws IOException {
        int port = closedPort();
        CliRunner.Result result = new CliRunner(work).run("doctor", "--repo", "repo",
                "--db-url", "postgresql://postgres:Sup3rS3cret@127.0.0.1:" + port + "/postgres");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.DATABASE);
        assertThat(line(result, "database")).startsWith("✗ ").contains("cannot reach 127.0.0.1:" + port);
        assertThat(hint(result, "database")).contains("fix: ", "pooler");
        assertThat(result.out() + result.err()).doesNotContain("Sup3rS3cret");
        assertNoStackTrace(result);
    }

    @Test
    void aPgDumpOlderThanTheServerFailsWithTheClientToInstall() throws IOException {
        Path bin = Files.createDirectories(work.resolve("old-bin"));
        for (String tool : List.of("pg_dump", "pg_dumpall", "psql", "pg_restore")) {
            Path script = bin.resolve(tool);
            Files.writeString(script, "#!/bin/sh\necho '" + tool + " (PostgreSQL) 12.3'\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        CliRunner.Result result = new CliRunner(work).run("doctor", "--repo", "repo", "--db-url", CliRunner.url(project),
                "--pg-bin", bin.toString());
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.TOOL);
        assertThat(line(result, "database")).startsWith("✓ ");
        assertThat(line(result, "client tools")).startsWith("✗ ").contains("pg_dump 15 or newer", "12.3");
        // (the fixture's password is "postgres", so the output shows postgresql as ***ql)
        assertThat(hint(result, "client tools")).contains("fix: ", "apt-get install ", "-client-15");
    }

    @Test
    void aRefusedServiceRoleKeyFailsBothApiChecksAndIsNeverShown() {
        try (FakeSupabase api = FakeSupabase.start()) {
            CliRunner.Result result = cli(api, "sb_secret_not-the-right-one").run("doctor", "--repo", "repo");
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
            assertThat(line(result, "Storage API")).startsWith("✗ ").contains("refused");
            assertThat(line(result, "Auth API")).startsWith("✗ ").contains("refused");
            assertThat(hint(result, "Auth API")).contains("fix: ", "service_role key");
            assertThat(line(result, "repository")).startsWith("✓ ");
            assertThat(result.out() + result.err()).doesNotContain("not-the-right-one");
            assertNoStackTrace(result);
        }
    }

    @Test
    void aRepositoryThatCannotBeWrittenFailsWithTheFix() throws IOException {
        // a file where a directory must go stops root as well as anyone else
        Files.writeString(work.resolve("in-the-way"), "not a directory");
        CliRunner.Result result = new CliRunner(work).run("doctor", "--repo", "in-the-way/repo");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.UNEXPECTED);
        assertThat(line(result, "repository")).startsWith("✗ ").contains("cannot write to " + work.resolve("in-the-way/repo"));
        assertThat(hint(result, "repository")).contains("fix: check that the location exists or can be created");
        assertNoStackTrace(result);
    }

    @Test
    void aLocationHoldingOtherFilesIsNotARepositoryABackupCouldUse() throws IOException {
        Files.createDirectories(work.resolve("photos"));
        Files.writeString(work.resolve("photos/holiday.jpg"), "jpeg");
        CliRunner.Result result = new CliRunner(work).run("doctor", "--repo", "photos");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(line(result, "repository")).startsWith("✗ ").contains("holds other files");
        assertThat(work.resolve("photos")).isDirectoryContaining(p -> p.getFileName().toString().equals("holiday.jpg"));
        assertNoProbeLeftIn(work.resolve("photos"));
    }

    @Test
    void aWrongPassphraseDoesNotOpenTheLatestBackup() throws IOException {
        Files.writeString(work.resolve("right.txt"), "the right passphrase\n");
        Files.writeString(work.resolve("wrong.txt"), "some other passphrase\n");
        CliRunner cli = new CliRunner(work);
        CliRunner.Result backup = cli.run("backup", "--db-url", CliRunner.url(project), "--repo", "repo",
                "--passphrase-file", "right.txt");
        assertThat(backup.exitCode()).as(backup.toString()).isZero();

        CliRunner.Result result = cli.run("doctor", "--repo", "repo", "--passphrase-file", "wrong.txt");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.WRONG_KEY);
        assertThat(line(result, "encryption")).startsWith("✗ ").contains("do not open the latest backup",
                "passphrase is wrong");
        assertThat(result.out() + result.err()).doesNotContain("the right passphrase")
                .doesNotContain("some other passphrase");
        assertNoStackTrace(result);

        assertThat(cli.run("doctor", "--repo", "repo", "--passphrase-file", "right.txt").exitCode()).isZero();
    }

    @Test
    void aDecryptKeyThatDoesNotFitOrStaysLockedIsAWrongKey() throws IOException {
        Files.writeString(work.resolve("key-pass.txt"), "correct horse battery staple\n");
        Files.writeString(work.resolve("wrong.txt"), "not the key's passphrase\n");
        CliRunner cli = new CliRunner(work);
        for (String dir : List.of("keys1", "keys2")) {
            CliRunner.Result generated = cli.run("key", "generate", "--out", dir, "--passphrase-file", "key-pass.txt");
            assertThat(generated.exitCode()).as(generated.toString()).isZero();
        }

        CliRunner.Result fits = cli.run("doctor", "--repo", "repo", "--encrypt-to", "keys1/supabackup-public.asc",
                "--decrypt-key", "keys1/supabackup-secret.asc", "--decrypt-key-passphrase-file", "key-pass.txt");
        assertThat(fits.exitCode()).as(fits.toString()).isZero();
        assertThat(line(fits, "encryption")).startsWith("✓ ").contains("key 0x", "decrypts again", "unlocks");

        CliRunner.Result publicOnly = cli.run("doctor", "--repo", "repo", "--encrypt-to", "keys1/supabackup-public.asc");
        assertThat(publicOnly.exitCode()).as(publicOnly.toString()).isZero();
        assertThat(line(publicOnly, "encryption")).contains("holds no secret key");

        CliRunner.Result otherKey = cli.run("doctor", "--repo", "repo", "--encrypt-to", "keys1/supabackup-public.asc",
                "--decrypt-key", "keys2/supabackup-secret.asc", "--decrypt-key-passphrase-file", "key-pass.txt");
        assertThat(otherKey.exitCode()).as(otherKey.toString()).isEqualTo(ExitCodes.WRONG_KEY);
        assertThat(line(otherKey, "encryption")).startsWith("✗ ").contains("cannot open what new backups are encrypted to");

        CliRunner.Result locked = cli.run("doctor", "--repo", "repo", "--encrypt-to", "keys1/supabackup-public.asc",
                "--decrypt-key", "keys1/supabackup-secret.asc", "--decrypt-key-passphrase-file", "wrong.txt");
        assertThat(locked.exitCode()).as(locked.toString()).isEqualTo(ExitCodes.WRONG_KEY);
        assertThat(line(locked, "encryption")).startsWith("✗ ").contains("does not unlock");
        assertThat(locked.out() + locked.err()).doesNotContain("not the key's passphrase")
                .doesNotContain("correct horse");
        assertNoStackTrace(locked);
    }

    @Test
    void jsonIsOneObjectPerCheckInOrderWithSkippedChecksNotFailing() throws IOException {
        CliRunner.Result result = new CliRunner(work).run("doctor", "--repo", "repo", "--json");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        JsonNode checks = JSON.readTree(result.out());
        assertThat(checks.isArray()).isTrue();
        List<String> names = new ArrayList<>();
        for (JsonNode check : checks) {
            List<String> fields = new ArrayList<>();
            check.fieldNames().forEachRemaining(fields::add);
            assertThat(fields).containsExactly("check", "ok", "skipped", "detail", "hint");
            assertThat(check.get("ok").asBoolean()).as(check.toString()).isTrue();
            names.add(check.get("check").asText());
        }
        assertThat(names).containsExactlyElementsOf(CHECKS);
        JsonNode database = checks.get(1);
        assertThat(database.get("skipped").asBoolean()).isTrue();
        assertThat(database.get("hint").asText()).contains("SUPABASE_DB_URL");
        JsonNode encryption = checks.get(6);
        assertThat(encryption.get("skipped").asBoolean()).isTrue();
        assertThat(encryption.get("detail").asText()).isEqualTo("backups will not be encrypted");
        assertThat(checks.get(5).get("skipped").asBoolean()).isFalse();
        assertThat(checks.get(5).get("hint").isNull()).isTrue();

        CliRunner.Result failing = new CliRunner(work).run("doctor", "--repo", "repo", "--json",
                "--db-url", "postgresql://postgres:pw@127.0.0.1:" + closedPort() + "/postgres");
        assertThat(failing.exitCode()).isEqualTo(ExitCodes.DATABASE);
        JsonNode failed = JSON.readTree(failing.out()).get(1);
        assertThat(failed.get("ok").asBoolean()).isFalse();
        assertThat(failed.get("skipped").asBoolean()).isFalse();
        assertThat(failed.get("hint").asText()).contains("pooler");
    }
}
