package io.supabackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.supabackup.domain.model.DatabaseEndpoint;
import io.supabackup.testkit.PostgresServer;
import io.supabackup.testkit.db.SupabaseFixture;
import io.supabackup.testkit.supabase.FakeSupabase;
import io.supabackup.testkit.supabase.UserSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** compare: the seed's restore verification, against a real database and the fake project's APIs. */
class CompareTest {
    private static final PostgresServer SERVER = PostgresServer.shared();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;


    private CliRunner cli(FakeSupabase project) {
        return new CliRunner(work).env("SUPABASE_URL", project.url())
                .env("SUPABASE_SERVICE_ROLE_KEY", project.serviceRoleKey());
    }

    @Test
    void anUnchangedProjectMatchesAndEveryKindOfChangeIsNamed() throws Exception {
        DatabaseEndpoint source = SupabaseFixture.newLoadedProject(SERVER);
        try (FakeSupabase project = FakeSupabase.start()) {
            project.storage().createBucket("docs");
            for (int i = 0; i < 5; i++) {
                project.storage().putObject("docs", i + ".txt", ("doc " + i).getBytes(StandardCharsets.UTF_8),
                        "text/plain", "no-cache", null);
            }
            project.auth().addUser(UserSpec.withEmail("ann@example.com"));
            CliRunner cli = cli(project).env("SUPABASE_DB_URL", CliRunner.url(source));
            CliRunner.Result backup = cli.run("backup", "--repo", "repo");
            assertThat(backup.exitCode()).as(backup.toString()).isZero();

            CliRunner.Result same = cli.run("compare", "--repo", "repo");
            assertThat(same.exitCode()).as(same.toString()).isZero();
            assertThat(same.out()).contains("app.customers").contains("auth.users").contains("docs")
                    .contains("matches backup").doesNotContain("✗");

            try (Connection c = PostgresServer.connect(source); Statement s = c.createStatement()) {
                s.execute("UPDATE app.customers SET name = name || '!' WHERE id = (SELECT min(id) FROM app.customers)");
                s.execute("DELETE FROM public.notes WHERE id = (SELECT min(id) FROM public.notes)");
            }
            project.storage().deleteObject("docs", "0.txt");
            project.storage().putObject("docs", "1.txt", "changed".getBytes(StandardCharsets.UTF_8), "text/plain",
                    "no-cache", null);
            project.auth().addUser(UserSpec.withEmail("ben@example.com"));

            CliRunner.Result changed = cli.run("compare", "--repo", "repo", "--json");
            assertThat(changed.exitCode()).as(changed.toString()).isEqualTo(ExitCodes.PARTIAL);
            JsonNode report = JSON.readTree(changed.out());
            assertThat(report.get("same").asBoolean()).isFalse();
            assertThat(row(report, "app.customers").get("detail").asText()).isEqualTo("content differs");
            assertThat(row(report, "app.customers").get("live").asLong())
                    .isEqualTo(row(report, "app.customers").get("backup").asLong());
            assertThat(row(report, "public.notes").get("live").asLong())
                    .isEqualTo(row(report, "public.notes").get("backup").asLong() - 1);
            assertThat(row(report, "docs").get("detail").asText()).isEqualTo("1 missing, 1 changed (eTag or size)");
            assertThat(row(report, "users").get("live").asLong()).isEqualTo(2);
            assertThat(row(report, "auth.users").get("same").asBoolean()).isTrue();
            assertThat(changed.err()).contains("app.customers").doesNotContain(":" + source.password() + "@");
        }
    }

    @Test
    void aRestoredProjectMatchesTheBackupItCameFrom() {
        DatabaseEndpoint source = SupabaseFixture.newLoadedProject(SERVER);
        DatabaseEndpoint target = SupabaseFixture.newProject(SERVER);
        CliRunner cli = new CliRunner(work);
        assertThat(cli.run("backup", "--db-url", CliRunner.url(source), "--repo", "repo").exitCode()).isZero();
        CliRunner.Result before = cli.run("compare", "--db-url", CliRunner.url(target), "--repo", "repo");
        assertThat(before.exitCode()).as("an empty project differs").isEqualTo(ExitCodes.PARTIAL);

        assertThat(cli.run("restore", "--repo", "repo", "--target-db-url", CliRunner.url(target), "--yes").exitCode()).isZero();
        CliRunner.Result after = cli.run("compare", "--db-url", CliRunner.url(target), "--repo", "repo");
        assertThat(after.exitCode()).as(after.toString()).isZero();
    }

    private static JsonNode row(JsonNode report, String name) {
        for (JsonNode row : report.get("rows")) {
            if (row.get("name").asText().equals(name)) {
                return row;
            }
        }
        throw new AssertionError("no row " + name + " in " + report);
    }
}
