package io.supabackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.supabackup.domain.model.DatabaseEndpoint;
import io.supabackup.testkit.PostgresServer;
import io.supabackup.testkit.db.SupabaseFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code backup --all-projects}: the projects of supabackup.yaml, each into its repository, past a failed one. */
class ProjectsBackupTest {
    private static final PostgresServer SERVER = PostgresServer.shared();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;


    private static String urlOf(DatabaseEndpoint e, String database) {
        return "postgresql://" + e.user() + ":" + e.password() + "@" + e.host() + ":" + e.port() + "/" + database;
    }

    @Test
    void oneFailedProjectDoesNotStopTheOthersAndTheRunEndsPartial() throws Exception {
        DatabaseEndpoint good = SupabaseFixture.newLoadedProject(SERVER);
        DatabaseEndpoint other = SupabaseFixture.newLoadedProject(SERVER);
        Files.writeString(work.resolve("supabackup.yaml"), """
                repositories:
                  first: { url: repo-first }
                  second: { url: repo-second }
                projects:
                  broken: { db-url: { env: BROKEN_DB_URL }, repository: first, keep: { last: 2 } }
                  good: { db-url: { env: GOOD_DB_URL }, repository: second, keep: { last: 2 } }
                  other: { db-url: { file: other_db_url }, repository: first, keep: { last: 2 } }
                """);
        Files.writeString(work.resolve("other_db_url"), CliRunner.url(other) + "\n");
        CliRunner cli = new CliRunner(work)
                .env("GOOD_DB_URL", CliRunner.url(good))
                .env("BROKEN_DB_URL", urlOf(good, "no_such_database"));

        CliRunner.Result run = cli.run("backup", "--all-projects", "--prune");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.PARTIAL);
        String[] lines = run.out().split("\n");
        assertThat(lines).hasSize(4);
        assertThat(lines[0]).startsWith("broken  FAILED (exit 6)").contains("no_such_database");
        assertThat(lines[1]).startsWith("good    backup ").contains(" into second: ").contains("pruned: 1 kept");
        assertThat(lines[2]).startsWith("other   backup ").contains(" into first: ");
        assertThat(lines[3]).isEqualTo("3 project(s): 2 succeeded, 1 FAILED.");
        assertThat(run.out() + run.err()).doesNotContain(good.password());

        CliRunner.Result second = cli.run("list", "--repo", "repo-second", "--json");
        JsonNode backups = JSON.readTree(second.out());
        assertThat(backups).hasSize(1);
        assertThat(backups.get(0).get("complete").asBoolean()).isTrue();
        assertThat(backups.get(0).get("database").asText()).isEqualTo(good.database());
        JsonNode first = JSON.readTree(cli.run("list", "--repo", "repo-first", "--json").out());
        assertThat(first).as("the broken project left nothing behind; the other one's backup is there").hasSize(1);
        assertThat(first.get(0).get("database").asText()).isEqualTo(other.database());
    }

    @Test
    void namedProjectsRunAloneAndSucceedTogether() throws Exception {
        DatabaseEndpoint good = SupabaseFixture.newLoadedProject(SERVER);
        Files.writeString(work.resolve("projects.yaml"), """
                repositories:
                  local: { url: repo }
                projects:
                  broken: { db-url: { env: BROKEN_DB_URL } }
                  good: { db-url: { env: GOOD_DB_URL } }
                """);
        CliRunner.Result run = new CliRunner(work).env("GOOD_DB_URL", CliRunner.url(good))
                .env("SUPABACKUP_PROJECTS_FILE", "projects.yaml")
                .run("backup", "--project", "good", "--json");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode outcomes = JSON.readTree(run.out());
        assertThat(outcomes).hasSize(1);
        assertThat(outcomes.get(0).get("project").asText()).isEqualTo("good");
        assertThat(outcomes.get(0).get("ok").asBoolean()).isTrue();
    }

    @Test
    void anInlineSecretStopsTheRunBeforeAnythingRuns() throws Exception {
        Files.writeString(work.resolve("supabackup.yaml"), """
                repositories:
                  local: { url: repo }
                projects:
                  prod: { db-url: "postgresql://postgres:hunter2@db.example.com:5432/postgres" }
                """);
        CliRunner.Result run = new CliRunner(work).run("backup", "--all-projects");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).isEqualTo("supabackup: error: supabackup.yaml: projects.prod.db-url is a secret written "
                + "into the file; refer to it instead, as {env: VARIABLE} or {file: PATH}\n");
        assertThat(Files.exists(work.resolve("repo"))).isFalse();
    }

    @Test
    void aSingleProjectOptionOnTheCommandLineIsRefusedInProjectsMode() throws Exception {
        Files.writeString(work.resolve("supabackup.yaml"), """
                repositories:
                  local: { url: repo }
                projects:
                  prod: { db-url: { env: PROD_DB_URL } }
                """);
        CliRunner.Result run = new CliRunner(work).run("backup", "--all-projects", "--repo", "elsewhere");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--repo does not go with --all-projects");
    }
}
