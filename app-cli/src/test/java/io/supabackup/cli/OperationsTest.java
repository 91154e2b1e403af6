package io.supabackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.supabackup.domain.model.DatabaseEndpoint;
import io.supabackup.testkit.PostgresServer;
import io.supabackup.testkit.db.DatabaseSnapshot;
import io.supabackup.testkit.db.SupabaseFixture;
import io.supabackup.testkit.supabase.FakeSupabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** verify, prune, unlock and the dry runs, through the CLI against a real database and the fake project. */
class OperationsTest {
    private static final PostgresServer SERVER = PostgresServer.shared();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;


    private CliRunner cli(FakeSupabase project) {
        return new CliRunner(work).env("SUPABASE_URL", project.url())
                .env("SUPABASE_SERVICE_ROLE_KEY", project.serviceRoleKey());
    }

    private static void files(FakeSupabase project, String version) {
        project.storage().createBucket("docs");
        for (int i = 0; i < 20; i++) {
            project.storage().putObject("docs", "d/" + i + ".txt", ("doc " + i + " " + (i == 0 ? version : ""))
                    .getBytes(StandardCharsets.UTF_8), "text/plain", "no-cache", null);
        }
    }

    private Path storedFile(String suffix) throws Exception {
        try (Stream<Path> files = Files.walk(work.resolve("repo"))) {
            return files.filter(p -> p.toString().endsWith(suffix)).findFirst().orElseThrow();
        }
    }

    @Test
    void verifyReadsEverythingBackAndNamesADamagedFile() throws Exception {
        DatabaseEndpoint source = SupabaseFixture.newLoadedProject(SERVER);
        try (FakeSupabase project = FakeSupabase.start()) {
            files(project, "v1");
            CliRunner cli = cli(project);
            assertThat(cli.run("backup", "--db-url", CliRunner.url(source), "--repo", "repo").exitCode()).isZero();

            CliRunner.Result ok = cli.run("verify", "--repo", "repo", "--json");
            assertThat(ok.exitCode()).as(ok.toString()).isZero();
            JsonNode report = JSON.readTree(ok.out());
            assertThat(report.get("ok").asBoolean()).isTrue();
            assertThat(report.get("backups").get(0).get("components").findValuesAsText("component"))
                    .containsExactly("database", "storage", "auth");

            Path data = storedFile("data.sql.zst");
            byte[] bytes = Files.readAllBytes(data);
            bytes[bytes.length / 2] ^= 0x55;
            Files.write(data, bytes);
            assertThat(cli.run("verify", "--quick", "--repo", "repo").exitCode()).as("sizes are unchanged").isZero();
            CliRunner.Result damaged = cli.run("verify", "latest", "--repo", "repo");
            assertThat(damaged.exitCode()).isEqualTo(ExitCodes.PARTIAL);
            assertThat(damaged.out()).contains("database").contains("✗");
            assertThat(damaged.err()).contains("db/data.sql.zst").doesNotContain("Exception");

            CliRunner.Result unknown = cli.run("verify", "2020-01-01T00-00-00Z", "--repo", "repo");
            assertThat(unknown.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        }
    }

    @Test
    void pruneKeepsWhatTheRulesSayAndCollectsFilesOnlyOldBackupsHeld() throws Exception {
        try (FakeSupabase project = FakeSupabase.start()) {
            files(project, "v1");
            CliRunner cli = cli(project);
            for (int i = 2; i <= 4; i++) {
                assertThat(cli.run("backup", "--only", "storage", "--repo", "repo").exitCode()).isZero();
                project.storage().putObject("docs", "d/0.txt", ("doc 0 v" + i).getBytes(StandardCharsets.UTF_8),
                        "text/plain", "no-cache", null);
                Thread.sleep(1100); // ids are to the second; distinct seconds keep the test readable
            }
            CliRunner.Result dry = cli.run("prune", "--keep-last", "1", "--dry-run", "--repo", "repo", "--json");
            assertThat(dry.exitCode()).as(dry.toString()).isZero();
            JsonNode plan = JSON.readTree(dry.out());
            assertThat(plan.get("removed")).hasSize(2);
            assertThat(plan.get("blobsRemoved").asInt()).as("younger than the grace period: a retry may reuse them")
                    .isZero();
            plan = JSON.readTree(cli.run("prune", "--keep-last", "1", "--incomplete-grace", "0s", "--dry-run",
                    "--repo", "repo", "--json").out());
            assertThat(plan.get("blobsRemoved").asInt()).as("v1 and v2 of d/0.txt").isEqualTo(2);
            assertThat(JSON.readTree(cli.run("list", "--repo", "repo", "--json").out())).hasSize(3);

            CliRunner.Result prune = cli.run("prune", "--keep-last", "1", "--incomplete-grace", "0s", "--repo", "repo");
            assertThat(prune.exitCode()).as(prune.toString()).isZero();
            assertThat(prune.out()).contains("keep").contains("newest").contains("2 unreferenced storage file(s) removed");
            assertThat(JSON.readTree(cli.run("list", "--repo", "repo", "--json").out())).hasSize(1);
            assertThat(cli.run("verify", "--all", "--repo", "repo").exitCode()).isZero();

            CliRunner.Result noRule = cli.run("prune", "--repo", "repo");
            assertThat(noRule.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(noRule.err()).contains("--keep-last");
        }
    }

    @Test
    void pruneFailsWithExit11WhileABackupHoldsTheRepository() throws Exception {
        try (FakeSupabase project = FakeSupabase.start()) {
            files(project, "v1");
            CliRunner cli = cli(project);
            assertThat(cli.run("backup", "--only", "storage", "--repo", "repo").exitCode()).isZero();
            // a live lock of a backup running elsewhere: this very process, so it counts as alive
            Files.createDirectories(work.resolve("repo/locks"));
            Files.writeString(work.resolve("repo/locks/elsewhere.json"), "{\"mode\":\"shared\",\"owner\":\"backup by ops\","
                    + "\"host\":\"" + java.net.InetAddress.getLocalHost().getHostName() + "-other\",\"pid\":1,\"time\":\""
                    + java.time.Instant.now() + "\"}");

            CliRunner.Result prune = cli.run("prune", "--keep-last", "1", "--repo", "repo");
            assertThat(prune.exitCode()).isEqualTo(ExitCodes.LOCKED);
            assertThat(prune.err()).contains("backup by ops").contains("hint");
            assertThat(cli.run("unlock", "--repo", "repo").out()).as("a live lock is not stale").contains("0 lock(s) removed");
            assertThat(cli.run("backup", "--only", "storage", "--repo", "repo").exitCode())
                    .as("backups run side by side").isZero();
            assertThat(cli.run("unlock", "--remove-all", "--repo", "repo").exitCode()).isZero();
            assertThat(cli.run("prune", "--keep-last", "1", "--repo", "repo").exitCode()).isZero();
        }
    }

    @Test
    void dryRunsOfBackupAndRestoreChangeNothing() throws Exception {
        DatabaseEndpoint source = SupabaseFixture.newLoadedProject(SERVER);
        DatabaseEndpoint target = SupabaseFixture.newProject(SERVER);
        try (FakeSupabase project = FakeSupabase.start()) {
            files(project, "v1");
            CliRunner cli = cli(project);
            CliRunner.Result dryBackup = cli.run("backup", "--db-url", CliRunner.url(source), "--repo", "repo", "--dry-run");
            assertThat(dryBackup.exitCode()).as(dryBackup.toString()).isZero();
            assertThat(dryBackup.out()).contains("Dry run").contains("dump roles, schema, data")
                    .contains("20 storage file(s)").contains("20 new or changed").doesNotContain(":" + source.password() + "@");
            assertThat(work.resolve("repo")).doesNotExist();

            assertThat(cli.run("backup", "--db-url", CliRunner.url(source), "--repo", "repo").exitCode()).isZero();
            CliRunner.Result second = cli.run("backup", "--only", "storage", "--repo", "repo", "--dry-run");
            assertThat(second.out()).contains("0 new or changed").contains("20 unchanged");

            DatabaseSnapshot before = DatabaseSnapshot.capture(target, RoundTripTest.comparedSchemas());
            CliRunner.Result dryRestore = cli.run("restore", "--only", "db", "--repo", "repo",
                    "--target-db-url", CliRunner.url(target), "--dry-run");
            assertThat(dryRestore.exitCode()).as(dryRestore.toString()).isZero();
            assertThat(dryRestore.out()).contains("would restore backup").contains("nothing was changed");
            assertThat(DatabaseSnapshot.capture(target, RoundTripTest.comparedSchemas()).differencesFrom(before)).isEmpty();
        }
    }
}
