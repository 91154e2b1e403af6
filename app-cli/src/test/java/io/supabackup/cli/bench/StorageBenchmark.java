package io.supabackup.cli.bench;

import io.supabackup.testkit.supabase.FakeSupabase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Not a test: backs up Storage from the fake project on loopback with the packaged CLI in its own JVM,
 * at several --parallel values, then incrementally after 1% of the files changed, and prints the median
 * wall time of {@code runs} runs, its ratio to the run it is compared with, throughput and the CLI's
 * peak RSS. Run with bench/storage-backup.sh.
 *
 * <p>Arguments: JAR SMALL_FILES BIG_MIB [RUNS [PARALLEL,...]]. The CLI's JVM gets SUPABACKUP_JAVA_OPTS
 * when set, else the launcher's settings, and the class-data archive the launcher made beside the jar.
 */
public final class StorageBenchmark {
    private static final String JAVA_OPTS = System.getenv().getOrDefault("SUPABACKUP_JAVA_OPTS",
            "-XX:+UseSerialGC -Xmx256m");

    private final Path jar;
    private final int runs;
    private final List<String[]> rows = new ArrayList<>();
    private FakeSupabase project;

    private StorageBenchmark(Path jar, int runs) {
        this.jar = jar;
        this.runs = runs;
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        int smallFiles = Integer.parseInt(args[1]);
        long bigMiB = Long.parseLong(args[2]);
        int runs = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        int[] parallels = Arrays.stream((args.length > 4 ? args[4] : "1,4,8").split(",")).mapToInt(Integer::parseInt)
                .toArray();
        new StorageBenchmark(jar, runs).run(smallFiles, bigMiB, parallels);
    }

    private void run(int smallFiles, long bigMiB, int[] parallels) throws Exception {
        Path work = Files.createTempDirectory("supabackup-storage-bench");
        System.out.printf(Locale.ROOT, "CLI JVM: %s; %d run(s) each, median%n", JAVA_OPTS, runs);
        try (FakeSupabase small = FakeSupabase.start()) {
            project = small;
            small.storage().createBucket("small");
            Random random = new Random(1);
            long bytes = 0;
            for (int i = 0; i < smallFiles; i++) {
                byte[] content = content(random);
                bytes += content.length;
                small.storage().putObject("small", name(i), content, "application/octet-stream", "no-cache", null);
            }
            // the fixed cost of every run: a JVM that starts, parses the command line and stops
            double floor = measure("supabackup --version (JVM start)", null, -1, () -> { }, null, "--version");
            String first = null;
            double full = 0;
            Path lastRepo = null;
            for (int parallel : parallels) {
                String label = smallFiles + " files of 10-100 KB, --parallel " + parallel;
                int p = parallel;
                lastRepo = work.resolve("small-" + parallel);
                Path repo = lastRepo;
                full = measure(label, first, bytes, () -> deleteTree(repo), repo, "--parallel", Integer.toString(p));
                first = first == null ? label : first;
            }
            String fullLabel = rows.get(rows.size() - 1)[0];
            // every hundredth file gets new content before each run: 1% changed since the backup before
            int changed = Math.max(1, smallFiles / 100);
            Random changes = new Random(3);
            double incremental = measure("the same, " + changed + " files (1%) changed (incremental)", fullLabel,
                    -1, () -> {
                        for (int i = 0; i < smallFiles; i += 100) {
                            small.storage().putObject("small", name(i), content(changes), "application/octet-stream",
                                    "no-cache", null);
                        }
                    }, lastRepo, "--parallel", Integer.toString(parallels[parallels.length - 1]));
            System.out.printf(Locale.ROOT, "incremental / full: %.1f%% (budget: at most 5%%); above the JVM start: %.1f%%%n",
                    100 * incremental / full, 100 * (incremental - floor) / (full - floor));
        }
        try (FakeSupabase big = FakeSupabase.start(work.resolve("fake-disk"))) {
            project = big;
            big.storage().createBucket("big");
            long size = bigMiB << 20;
            big.storage().putObject("big", "huge.bin", generated(size), "application/octet-stream", "no-cache", null);
            String first = null;
            for (int parallel : new int[] {parallels[0], parallels[parallels.length - 1]}) {
                String label = "one file of " + bigMiB + " MiB, --parallel " + parallel;
                Path repo = work.resolve("big-" + parallel);
                measure(label, first, size, () -> deleteTree(repo), repo, "--parallel", Integer.toString(parallel));
                first = first == null ? label : first;
                if (parallels.length == 1) {
                    break;
                }
            }
        }
        deleteTree(work);
        System.out.println();
        System.out.printf(Locale.ROOT, "%-52s %9s %8s %7s %9s %10s  %s%n", "run (median of " + runs + ")", "seconds",
                "ratio", "CPU s", "MiB/s", "peak RSS", "compared with");
        for (String[] row : rows) {
            System.out.printf(Locale.ROOT, "%-52s %9s %8s %7s %9s %6s MiB  %s%n", (Object[]) row);
        }
    }

    private interface Setup {
        void run() throws IOException;
    }

    /**
     * Runs the CLI {@code runs} times, {@code before} ahead of each; records and returns the median seconds.
     * With a {@code repo} the CLI backs up into it with {@code extra} options, without one it runs {@code extra}.
     */
    private double measure(String label, String reference, long bytes, Setup before, Path repo, String... extra)
            throws IOException, InterruptedException {
        double[] seconds = new double[runs];
        double[] cpu = new double[runs];
        long rssKb = 0;
        for (int i = 0; i < runs; i++) {
            before.run();
            double[] one = runCli(repo, extra);
            seconds[i] = one[0];
            rssKb = Math.max(rssKb, (long) one[1]);
            cpu[i] = one[2];
        }
        double median = median(seconds);
        double referenceSeconds = reference == null ? median
                : Double.parseDouble(rows.stream().filter(r -> r[0].equals(reference)).findFirst().orElseThrow()[1]);
        System.out.printf(Locale.ROOT, "  %s: %s s (CPU %s s)%n", label, Arrays.toString(seconds), Arrays.toString(cpu));
        rows.add(new String[] {label, String.format(Locale.ROOT, "%.2f", median),
                String.format(Locale.ROOT, "%.2fx", median / referenceSeconds),
                String.format(Locale.ROOT, "%.2f", median(cpu)),
                bytes < 0 ? "-" : String.format(Locale.ROOT, "%.1f", bytes / 1048576.0 / median),
                Long.toString(rssKb / 1024), reference == null ? "" : reference});
        return median;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** One CLI run: wall seconds, peak RSS in KiB, and CPU seconds (user + system). */
    private double[] runCli(Path repo, String... extra) throws IOException, InterruptedException {
        Path time = Files.createTempFile("time", ".txt");
        List<String> command = new ArrayList<>(List.of("/usr/bin/time", "-v", "-o", time.toString(), "java"));
        Path archive = jar.resolveSibling(jar.getFileName().toString().replaceFirst("\\.jar$", ".jsa"));
        if (Files.exists(archive)) {
            // the launcher's class-data archive of the jar, when it made one
            command.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
        }
        command.addAll(Arrays.asList(JAVA_OPTS.trim().split("\\s+")));
        command.addAll(List.of("-jar", jar.toString()));
        if (repo == null) {
            command.addAll(List.of(extra));
        } else {
            command.addAll(List.of("backup", "--quiet", "--only", "storage", "--repo", repo.toString()));
            command.addAll(List.of(extra));
        }
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().put("SUPABASE_URL", project.url());
        builder.environment().put("SUPABASE_SERVICE_ROLE_KEY", project.serviceRoleKey());
        long start = System.nanoTime();
        int exit = builder.start().waitFor();
        double seconds = (System.nanoTime() - start) / 1e9;
        List<String> lines = Files.readAllLines(time);
        long rssKb = lines.stream().filter(l -> l.contains("Maximum resident set size"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(-1);
        double cpu = lines.stream().filter(l -> l.contains("User time") || l.contains("System time"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(':') + 1).trim())).sum();
        Files.delete(time);
        if (exit != 0) {
            throw new IllegalStateException("the backup exited with " + exit);
        }
        return new double[] {seconds, rssKb, cpu};
    }

    private static String name(int i) {
        return "f/" + (i % 50) + "/" + i + ".bin";
    }

    private static byte[] content(Random random) {
        byte[] content = new byte[10_240 + random.nextInt(92_160)];
        random.nextBytes(content);
        return content;
    }

    private static void deleteTree(Path root) throws IOException {
        if (Files.exists(root)) {
            try (var paths = Files.walk(root)) {
                for (Path path : paths.sorted((a, b) -> b.compareTo(a)).toList()) {
                    Files.delete(path);
                }
            }
        }
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
