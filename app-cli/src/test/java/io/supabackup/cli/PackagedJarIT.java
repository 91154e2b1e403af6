package io.supabackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.supabackup.domain.model.DatabaseEndpoint;
import io.supabackup.testkit.PostgresServer;
import io.supabackup.testkit.db.DatabaseSnapshot;
import io.supabackup.testkit.db.SupabaseFixture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The artifact users run: the shaded jar in its own JVM, with the connection string in the environment
 * as a user would set it, backs up a Supabase-shaped project and restores it into a fresh one.
 */
class PackagedJarIT {
    @TempDir
    Path work;

    private record Run(int exitCode, String out, String err) {
    }

    private Run run(List<String> environment, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("supabackup.jar")));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("SUPABA"));
        for (String pair : environment) {
            int eq = pair.indexOf('=');
            builder.environment().put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        Path out = work.resolve("out.txt");
        Path err = work.resolve("err.txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }


    @Test
    void theShadedJarBacksUpAndRestoresAProject() throws Exception {
        PostgresServer server = PostgresServer.shared();
        DatabaseEndpoint source = SupabaseFixture.newLoadedProject(server);
        DatabaseEndpoint target = SupabaseFixture.newProject(server);

        Run help = run(List.of(), "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("backup", "restore", "list", "show");

        Run backup = run(List.of("SUPABASE_DB_URL=" + CliRunner.url(source)), "backup", "--repo", "repo");
        assertThat(backup.exitCode()).as(backup.toString()).isZero();
        Run restore = run(List.of(), "restore", "latest", "--repo", "repo", "--target-db-url", CliRunner.url(target), "--yes");
        assertThat(restore.exitCode()).as(restore.toString()).isZero();

        List<String> schemas = new ArrayList<>(SupabaseFixture.USER_SCHEMAS);
        schemas.addAll(SupabaseFixture.PLATFORM_DATA_SCHEMAS);
        assertThat(DatabaseSnapshot.capture(target, schemas).differencesFrom(DatabaseSnapshot.capture(source, schemas)))
                .isEmpty();
        Run list = run(List.of(), "list", "--repo", "repo", "--json");
        assertThat(list.out()).contains("\"complete\" : true");
    }
}
