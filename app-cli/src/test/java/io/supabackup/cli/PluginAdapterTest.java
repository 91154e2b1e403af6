package io.supabackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.supabackup.cli.plugin.MemoryStorageModule;
import io.supabackup.domain.model.DatabaseEndpoint;
import io.supabackup.testkit.PostgresServer;
import io.supabackup.testkit.db.SupabaseFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A jar on the class path adds a repository scheme without a change to our code. */
class PluginAdapterTest {
    @TempDir
    Path work;

    @Test
    void aServiceLoadedModuleAddsASchemeThatBackupAndListUse() {
        DatabaseEndpoint project = SupabaseFixture.newLoadedProject(PostgresServer.shared());
        String url = "postgresql://" + project.user() + ":" + project.password() + "@" + project.host() + ":"
                + project.port() + "/" + project.database();
        CliRunner cli = new CliRunner(work);

        CliRunner.Result backup = cli.run("backup", "--db-url", url, "--repo", "mem://plugin-test");
        assertThat(backup.exitCode()).as(backup.toString()).isZero();
        assertThat(MemoryStorageModule.repository("plugin-test")).containsKey("config.json")
                .anySatisfy((key, value) -> assertThat(key).endsWith("/manifest.json"));
        assertThat(cli.run("list", "--repo", "mem://plugin-test").out()).contains("complete");

        CliRunner.Result unknown = cli.run("list", "--repo", "ftp://elsewhere/x");
        assertThat(unknown.err()).contains("file").contains("mem");
    }
}
