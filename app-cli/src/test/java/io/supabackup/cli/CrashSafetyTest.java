package io.supabackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.supabackup.testkit.supabase.FakeSupabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup process killed in the middle of a storage transfer, for real: SIGKILL leaves an incomplete backup
 * that nothing mistakes for a complete one, the next backup completes and reuses the files that arrived, verify
 * passes, and prune removes the rest; SIGINT removes the unfinished backup itself and exits with 130.
 */
class CrashSafetyTest {
    private static final int FILES = 150;

    @TempDir
    Path work;

    private static void seed(FakeSupabase project) {
        project.storage().createBucket("uploads");
        Random random = new Random(7);
        for (int i = 0; i < FILES; i++) {
            byte[] bytes = new byte[2_000 + random.nextInt(3_000)];
            random.nextBytes(bytes);
            project.storage().putObject("uploads", "f/" + i + ".bin", bytes, "application/octet-stream", "no-cache", null);
        }
        // slow enough that the transfer is surely under way when the process is stopped
        project.faults().forPath("/storage/v1/object/authenticated").slowResponses(Duration.ofMillis(60));
    }

    /** The CLI in a JVM of its own, so that it can be killed like a real run. */
    private Process startBackup(FakeSupabase project, Path repo) throws IOException {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", classPath, "io.supabackup.cli.Main", "backup", "--only", "storage",
                "--repo", repo.toString(), "--parallel", "2"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve("backup.log").toFile());
        Map<String, String> env = builder.environment();
        env.put("SUPABASE_URL", project.url());
        env.put("SUPABASE_SERVICE_ROLE_KEY", project.serviceRoleKey());
        env.keySet().removeIf(name -> name.startsWith("SUPABACKUP_"));
        return builder.directory(work.toFile()).start();
    }

    private static long storedFiles(Path repo) throws IOException {
        Path blobs = repo.resolve("blobs");
        if (!Files.isDirectory(blobs)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(blobs)) {
            return files.filter(p -> p.toString().endsWith(".json")).count();
        }
    }

    private static void awaitStoredFiles(Path repo, long atLeast, Process process) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (storedFiles(repo) < atLeast) {
            assertThat(process.isAlive()).as("the backup ended before it could be stopped").isTrue();
            assertThat(System.nanoTime()).as("files arriving in the repository").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static Map<Path, FileTime> blobTimes(Path repo) throws IOException {
        Map<Path, FileTime> times = new HashMap<>();
        try (Stream<Path> files = Files.walk(repo.resolve("blobs"))) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                times.put(p, Files.getLastModifiedTime(p));
            }
        }
        return times;
    }

    private CliRunner cli(FakeSupabase project) {
        return new CliRunner(work).env("SUPABASE_URL", project.url())
                .env("SUPABASE_SERVICE_ROLE_KEY", project.serviceRoleKey());
    }

    @Test
    void aBackupKilledMidTransferLeavesTheRepositoryConsistent() throws Exception {
        try (FakeSupabase project = FakeSupabase.start()) {
            seed(project);
            Path repo = work.resolve("repo");
            Process backup = startBackup(project, repo);
            awaitStoredFiles(repo, 30, backup);
            backup.destroyForcibly(); // SIGKILL: no hook, no cleanup
            assertThat(backup.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(backup.exitValue()).isEqualTo(137);

            CliRunner cli = cli(project);
            CliRunner.Result list = cli.run("list", "--repo", "repo");
            assertThat(list.out()).contains("INCOMPLETE").doesNotContain("complete ");
            assertThat(cli.run("restore", "--only", "storage", "--repo", "repo", "--yes").exitCode())
                    .as("nothing restores from an incomplete backup").isEqualTo(ExitCodes.NOT_FOUND);

            Map<Path, FileTime> arrived = blobTimes(repo);
            project.faults().clear();
            CliRunner.Result second = cli.run("backup", "--only", "storage", "--repo", "repo");
            assertThat(second.exitCode()).as(second.toString()).isZero();
            Map<Path, FileTime> after = blobTimes(repo);
            arrived.forEach((file, time) -> assertThat(after.get(file)).as("reused, not stored again: " + file)
                    .isEqualTo(time));

            CliRunner.Result verify = cli.run("verify", "--all", "--repo", "repo");
            assertThat(verify.exitCode()).as(verify.toString()).isZero();
            assertThat(verify.out()).contains("incomplete, not checked");

            CliRunner.Result locks = cli.run("unlock", "--list", "--repo", "repo");
            assertThat(locks.out()).as("the killed process's lock is stale at once").startsWith("stale shared");
            CliRunner.Result prune = cli.run("prune", "--keep-last", "1", "--incomplete-grace", "0s", "--repo", "repo");
            assertThat(prune.exitCode()).as(prune.toString()).isZero();
            assertThat(prune.out()).contains("(incomplete)");
            assertThat(cli.run("list", "--repo", "repo").out()).doesNotContain("INCOMPLETE");
            assertThat(cli.run("unlock", "--repo", "repo").out()).contains("1 lock(s) removed");
            assertThat(cli.run("verify", "--all", "--repo", "repo").exitCode()).isZero();
            assertThat(storedFiles(repo)).isEqualTo(FILES);
        }
    }

    @Test
    void anInterruptedBackupRemovesItselfAndExitsWith130() throws Exception {
        try (FakeSupabase project = FakeSupabase.start()) {
            seed(project);
            Path repo = work.resolve("repo");
            Process backup = startBackup(project, repo);
            awaitStoredFiles(repo, 10, backup);
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(backup.pid())).inheritIO().start();
            assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(backup.waitFor(30, TimeUnit.SECONDS)).isTrue();

            assertThat(backup.exitValue()).isEqualTo(ExitCodes.INTERRUPTED);
            assertThat(Files.readString(work.resolve("backup.log"))).contains("interrupted").contains("removed");
            assertThat(cli(project).run("list", "--repo", "repo").out()).contains("No backups yet.");
            // the local store removes folders that become empty
            assertThat(repo.resolve("locks")).satisfiesAnyOf(p -> assertThat(p).doesNotExist(), p -> assertThat(p).isEmptyDirectory());
            assertThat(repo.resolve("backups")).satisfiesAnyOf(p -> assertThat(p).doesNotExist(), p -> assertThat(p).isEmptyDirectory());
        }
    }
}
