package io.supabackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.supabackup.cli.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Flag > environment > .env > config file > default, with environment names derived from option names. */
class SettingsCascadeTest {
    @TempDir
    Path work;

    @Test
    void environmentBeatsDotEnvWhichBeatsTheConfigFile() throws Exception {
        Files.writeString(work.resolve("supabackup.properties"), "repo = from-config\ndb-url = from-config\njobs = 7\n");
        Files.writeString(work.resolve(".env"), "# comment\nexport SUPABACKUP_REPO=\"from-dotenv\"\nSUPABASE_DB_URL=from-dotenv\n");
        Settings settings = Settings.load(Map.of("SUPABACKUP_REPO", "from-env"), work, null);

        assertThat(settings.lookup("repo")).contains("from-env");
        assertThat(settings.lookup("db-url")).contains("from-dotenv");
        assertThat(settings.lookup("jobs")).contains("7");
        assertThat(settings.lookup("target-db-url")).isEmpty();

        assertThat(settings.origin("repo")).contains("environment SUPABACKUP_REPO");
        assertThat(settings.origin("db-url")).contains(".env SUPABASE_DB_URL");
        assertThat(settings.origin("jobs")).contains("supabackup.properties");
        assertThat(settings.origin("target-db-url")).isEmpty();
        assertThat(settings.configPath()).contains(work.resolve("supabackup.properties"));
        assertThat(settings.dotEnvPath()).contains(work.resolve(".env"));
        assertThat(Settings.load(Map.of(), work.resolve("nowhere"), null).dotEnvPath()).isEmpty();
    }

    @Test
    void environmentNamesDeriveFromOptionNames() {
        assertThat(Settings.environmentNames("target-db-url")).containsExactly("SUPABACKUP_TARGET_DB_URL");
        assertThat(Settings.environmentNames("db-url")).containsExactly("SUPABACKUP_DB_URL", "SUPABASE_DB_URL");
    }

    @Test
    void aFlagBeatsEverythingAndTheEnvironmentReachesTheCommand() throws Exception {
        Files.createDirectories(work.resolve("env-repo"));
        CliRunner cli = new CliRunner(work).env("SUPABACKUP_REPO", "env-repo");
        assertThat(cli.run("list").err()).contains("env-repo");
        assertThat(cli.run("list", "--repo", "flag-repo").err()).contains("flag-repo").doesNotContain("env-repo");
    }

    @Test
    void anExplicitConfigFileThatDoesNotExistIsAUsageError() {
        CliRunner.Result result = new CliRunner(work).run("list", "--config", "missing.properties");
        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("missing.properties");
    }
}
