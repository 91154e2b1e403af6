package io.supabackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.supabackup.testkit.supabase.FakeSupabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a run prints on standard error while it works, when that is not a terminal, and when told to be quiet. */
class ProgressOutputTest {
    @TempDir
    Path work;

    private static CliRunner cli(Path work, FakeSupabase project) {
        return new CliRunner(work).env("SUPABASE_URL", project.url())
                .env("SUPABASE_SERVICE_ROLE_KEY", project.serviceRoleKey());
    }

    private static void seed(FakeSupabase project) {
        project.storage().createBucket("docs");
        for (int i = 0; i < 3; i++) {
            project.storage().putObject("docs", "d/" + i + ".txt", ("file " + i).getBytes(StandardCharsets.UTF_8),
                    "text/plain", "no-cache", null);
        }
    }

    @Test
    void offATerminalStorageStepsLogTheirStartAndFinishWithTheFileCount() {
        try (FakeSupabase source = FakeSupabase.start(); FakeSupabase target = FakeSupabase.start()) {
            seed(source);
            CliRunner.Result backup = cli(work, source).run("backup", "--only", "storage", "--repo", "repo");
            assertThat(backup.exitCode()).as(backup.toString()).isZero();
            assertThat(backup.err()).as(backup.toString())
                    .contains("… back up storage files\n")
                    .containsPattern("(?m)^✓ back up storage files: 18 B in \\d+\\.\\d s \\(3 files\\)$")
                    .doesNotContain("\r").doesNotContain("\u001b");

            CliRunner.Result restore = cli(work, target).run("restore", "--only", "storage", "--repo", "repo", "--yes");
            assertThat(restore.exitCode()).as(restore.toString()).isZero();
            assertThat(restore.err()).as(restore.toString())
                    .contains("… restore storage files\n")
                    .containsPattern("(?m)^✓ restore storage files: 18 B in \\d+\\.\\d s \\(3 files\\)$")
                    .doesNotContain("\r");
        }
    }

    @Test
    void quietAndJsonRunsPrintNothingOnStandardError() {
        try (FakeSupabase source = FakeSupabase.start()) {
            seed(source);
            CliRunner.Result quiet = cli(work, source).run("backup", "--only", "storage", "--repo", "repo", "--quiet");
            assertThat(quiet.exitCode()).as(quiet.toString()).isZero();
            assertThat(quiet.err()).isEmpty();

            CliRunner.Result json = cli(work, source).env("SUPABACKUP_PROGRESS", "bar")
                    .run("backup", "--only", "storage", "--repo", "repo", "--json");
            assertThat(json.exitCode()).as(json.toString()).isZero();
            assertThat(json.err()).isEmpty();
        }
    }
}
