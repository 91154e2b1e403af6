package io.supabackup.cli.bench;

import io.supabackup.testkit.supabase.FakeSupabase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Not a test: backs up Storage from the fake project on loopback with the packaged CLI in its own JVM,
 * at several --parallel values, and prints wall time, throughput and the CLI's peak RSS.
 * Run with bench/storage-backup.sh.
 */
public final class StorageBenchmark {
    private StorageBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        int smallFiles = Integer.parseInt(args[1]);
        long bigMiB = Long.parseLong(args[2]);
        Path work = Files.createTempDirectory("supabackup-storage-bench");
        System.out.printf("%-44s %9s %10s %12s%n", "run", "seconds", "MiB/s", "peak RSS MiB");
        try (FakeSupabase small = FakeSupabase.start()) {
            small.storage().createBucket("small");
            Random random = new Random(1);
            long bytes = 0;
            for (int i = 0; i < smallFiles; i++) {
                byte[] content = new byte[10_240 + random.nextInt(92_160)];
                random.nextBytes(content);
                bytes += content.length;
                small.storage().putObject("small", "f/" + (i % 50) + "/" + i + ".bin", content, "application/octet-stream",
                        "no-cache", null);
            }
            for (int parallel : new int[] {1, 8}) {
                run(jar, small, work.resolve("small-" + parallel), smallFiles + " files of 10-100 KB, --parallel " + parallel,
                        bytes, "--parallel", Integer.toString(parallel));
            }
            small.storage().putObject("small", "f/0/0.bin", new byte[] {1, 2, 3}, "application/octet-stream", "no-cache",
                    null);
            run(jar, small, work.resolve("small-8"), "the same again, 1 file changed (incremental)", 3, "--parallel", "8");
        }
        try (FakeSupabase big = FakeSupabase.start(work.resolve("fake-disk"))) {
            big.storage().createBucket("big");
            long size = bigMiB << 20;
            big.storage().putObject("big", "huge.bin", generated(size), "application/octet-stream", "no-cache", null);
            for (int parallel : new int[] {1, 8}) {
                run(jar, big, work.resolve("big-" + parallel), "one file of " + bigMiB + " MiB, --parallel " + parallel,
                        size, "--parallel", Integer.toString(parallel));
            }
        }
    }

    private static void run(Path jar, FakeSupabase project, Path repo, String label, long bytes, String... extra)
            throws IOException, InterruptedException {
        Path time = Files.createTempFile("time", ".txt");
        List<String> command = new ArrayList<>(List.of("/usr/bin/time", "-v", "-o", time.toString(), "java",
                "-XX:+UseSerialGC", "-Xmx256m", "-jar", jar.toString(), "backup", "--quiet", "--only", "storage",
                "--repo", repo.toString()));
        command.addAll(List.of(extra));
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().put("SUPABASE_URL", project.url());
        builder.environment().put("SUPABASE_SERVICE_ROLE_KEY", project.serviceRoleKey());
        long start = System.nanoTime();
        int exit = builder.start().waitFor();
        double seconds = (System.nanoTime() - start) / 1e9;
        long rssKb = Files.readAllLines(time).stream().filter(l -> l.contains("Maximum resident set size"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(-1);
        System.out.printf("%-44s %9.1f %10.1f %12d%s%n", label, seconds, (bytes / 1048576.0) / seconds, rssKb / 1024,
                exit == 0 ? "" : "  (exit " + exit + ")");
    }

    private static InputStream generated(long size) {
        Random random = new Random(2);
        return new InputStream() {
            private long left = size;

            @Override
            public int read() {
                if (left-- <= 0) {
                    return -1;
                }
                return random.nextInt(256);
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                byte[] chunk = new byte[n];
                random.nextBytes(chunk);
                System.arraycopy(chunk, 0, b, off, n);
                left -= n;
                return n;
            }
        };
    }
}
