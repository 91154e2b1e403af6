package io.supabackup.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployment recipes in {@code deploy/} and the {@code Dockerfile} cannot run here (no systemd boot, no
 * cluster, no Docker, no GitHub), so these tests read them the way their tools would — YAML with a real YAML
 * parser, unit files as INI, the Dockerfile as instructions — and pin what makes them safe and correct: no
 * overlapping runs, no root, secrets only from secret stores, real packages, and only flags the CLI has.
 */
class DeployRecipesTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path ROOT = repositoryRoot();
    private static final Pattern SECRET_LOOKING_ENV = Pattern.compile(".*(KEY|PASSWORD|URL|SECRET|TOKEN).*");
    private static final List<String> COMMANDS =
            List.of("key generate", "backup", "restore", "list", "show", "verify", "prune", "doctor");
    /** An invocation: the program (launcher, jar, or image name), one command, and its arguments up to the line's end. */
    private static final Pattern INVOCATION = Pattern.compile(
            "(?:^|[\\s/\"'`(])supabackup(?:\\.jar|:[\\w.-]+)?\\s+(" + String.join("|", COMMANDS) + ")(?![\\w-])([^`#|;&\\r\\n]*)");
    private static final Pattern FLAG = Pattern.compile("(?<![\\w-])--[a-z][a-z0-9-]*");

    @TempDir
    Path work;

    /** The test runs in {@code app-cli/}; the recipes live one level up, beside the parent pom. */
    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("deploy")) && Files.isRegularFile(dir.resolve("mvnw"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no repository root with deploy/ above " + Path.of("").toAbsolutePath());
    }

    private static String read(String relative) throws IOException {
        return Files.readString(ROOT.resolve(relative), StandardCharsets.UTF_8);
    }

    private static List<JsonNode> yamlDocuments(String relative) throws IOException {
        try (var documents = YAML.readerFor(JsonNode.class).<JsonNode>readValues(ROOT.resolve(relative).toFile())) {
            return documents.readAll().stream().filter(d -> d != null && !d.isNull() && !d.isMissingNode()).toList();
        }
    }

    private static JsonNode yaml(String relative) throws IOException {
        List<JsonNode> documents = yamlDocuments(relative);
        assertThat(documents).as(relative).hasSize(1);
        return documents.get(0);
    }

    // ---- cron expressions (Kubernetes, GitHub Actions and crontab share the five-field syntax) ----

    private static final int[][] CRON_RANGES = {{0, 59}, {0, 23}, {1, 31}, {1, 12}, {0, 7}};

    private static void assertValidCron(String expression) {
        String[] fields = expression.trim().split("\\s+");
        assertThat(fields).as("five time fields in '%s'", expression).hasSize(5);
        for (int i = 0; i < 5; i++) {
            for (String item : fields[i].split(",", -1)) {
                String[] stepped = item.split("/", -1);
                assertThat(stepped.length).as("'%s' in '%s'", item, expression).isBetween(1, 2);
                if (stepped.length == 2) {
                    assertThat(stepped[1]).as("step of '%s' in '%s'", item, expression).matches("[1-9][0-9]*");
                }
                if (stepped[0].equals("*")) {
                    continue;
                }
                String[] range = stepped[0].split("-", -1);
                assertThat(range.length).as("'%s' in '%s'", item, expression).isBetween(1, 2);
                for (String bound : range) {
                    assertThat(bound).as("'%s' in '%s'", item, expression).matches("[0-9]+");
                    assertThat(Integer.parseInt(bound)).as("'%s' in '%s'", item, expression)
                            .isBetween(CRON_RANGES[i][0], CRON_RANGES[i][1]);
                }
            }
        }
    }

    @Test
    void theCronChecksRejectWhatCronRejects() {
        assertValidCron("17 3 * * *");
        assertValidCron("*/15 0-6 1,15 * 1-5");
        for (String bad : List.of("17 3 * *", "60 3 * * *", "17 24 * * *", "17 3 0 * *", "17 3 * 13 *", "@daily",
                "17 3 * * * *", "*/0 * * * *")) {
            try {
                assertValidCron(bad);
            } catch (AssertionError expected) {
                continue;
            }
            fail("accepted the invalid cron expression '" + bad + "'");
        }
    }

    // ---- Kubernetes ----

    private static List<JsonNode> containers(JsonNode podSpec) {
        List<JsonNode> all = new ArrayList<>();
        podSpec.path("initContainers").forEach(all::add);
        podSpec.path("containers").forEach(all::add);
        return all;
    }

    @Test
    void theCronJobNeverOverlapsRunsAsNonRootAndTakesEverySecretFromASecret() throws IOException {
        JsonNode cronJob = yaml("deploy/kubernetes/cronjob.yaml");
        assertThat(cronJob.path("apiVersion").asText()).isEqualTo("batch/v1");
        assertThat(cronJob.path("kind").asText()).isEqualTo("CronJob");
        JsonNode spec = cronJob.path("spec");
        assertValidCron(spec.path("schedule").asText());
        assertThat(spec.path("concurrencyPolicy").asText()).isEqualTo("Forbid");
        assertThat(spec.path("successfulJobsHistoryLimit").isInt()).as("successfulJobsHistoryLimit").isTrue();
        JsonNode job = spec.path("jobTemplate").path("spec");
        assertThat(job.path("backoffLimit").isInt()).as("backoffLimit").isTrue();
        assertThat(job.path("activeDeadlineSeconds").asInt()).as("activeDeadlineSeconds").isPositive();
        JsonNode pod = job.path("template").path("spec");
        assertThat(pod.path("restartPolicy").asText()).isIn("Never", "OnFailure");
        assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).as("runAsNonRoot").isTrue();
        assertThat(pod.path("securityContext").path("runAsUser").asInt()).as("runAsUser").isPositive();

        Map<String, JsonNode> volumes = new LinkedHashMap<>();
        pod.path("volumes").forEach(v -> volumes.put(v.path("name").asText(), v));
        List<JsonNode> containers = containers(pod);
        assertThat(containers).isNotEmpty();
        Set<String> envNames = new LinkedHashSet<>();
        for (JsonNode container : containers) {
            String name = container.path("name").asText();
            assertThat(container.path("image").asText()).as("image of %s", name)
                    .isEqualTo("ghcr.io/OWNER/supabackup:0.1.0");
            JsonNode security = container.path("securityContext");
            assertThat(security.path("readOnlyRootFilesystem").asBoolean()).as("readOnlyRootFilesystem of %s", name).isTrue();
            assertThat(security.path("allowPrivilegeEscalation").asBoolean(true)).as("allowPrivilegeEscalation of %s", name).isFalse();
            assertThat(container.path("resources").path("limits").path("memory").asText()).as("memory limit of %s", name).isNotBlank();

            // the JVM and zstd's native library write to /tmp, which a read-only root filesystem lacks
            JsonNode tmp = mountAt(container, "/tmp");
            assertThat(tmp).as("a /tmp mount in %s", name).isNotNull();
            assertThat(volumes.get(tmp.path("name").asText()).has("emptyDir")).as("/tmp of %s is an emptyDir", name).isTrue();

            for (JsonNode env : container.path("env")) {
                String variable = env.path("name").asText();
                envNames.add(variable);
                if (SECRET_LOOKING_ENV.matcher(variable).matches()) {
                    assertThat(env.has("value")).as("%s in %s has an inline value", variable, name).isFalse();
                    JsonNode ref = env.path("valueFrom").path("secretKeyRef");
                    assertThat(ref.path("name").asText()).as("%s in %s comes from a Secret", variable, name).isNotBlank();
                    assertThat(ref.path("key").asText()).as("%s in %s names its key", variable, name).isNotBlank();
                }
            }
        }
        assertThat(envNames).contains("SUPABASE_DB_URL", "SUPABASE_SERVICE_ROLE_KEY", "AWS_ACCESS_KEY_ID",
                "AWS_SECRET_ACCESS_KEY");

        // the backup encrypts to a public key that a Secret volume puts where --encrypt-to points
        JsonNode backup = containers.stream().filter(c -> c.path("args").path(0).asText().equals("backup"))
                .findFirst().orElseThrow(() -> new AssertionError("no container runs 'backup'"));
        List<String> args = new ArrayList<>();
        backup.path("args").forEach(a -> args.add(a.asText()));
        String publicKey = args.get(args.indexOf("--encrypt-to") + 1);
        JsonNode keyMount = mountAt(backup, Path.of(publicKey).getParent().toString());
        assertThat(keyMount).as("a mount holding %s", publicKey).isNotNull();
        assertThat(keyMount.path("readOnly").asBoolean()).isTrue();
        String keySecret = volumes.get(keyMount.path("name").asText()).path("secret").path("secretName").asText();
        assertThat(keySecret).as("the public key comes from a Secret volume").isNotBlank();

        // every Secret the CronJob reads is one the example defines, with the keys it reads
        Map<String, JsonNode> secrets = new LinkedHashMap<>();
        for (JsonNode document : yamlDocuments("deploy/kubernetes/secret.example.yaml")) {
            assertThat(document.path("kind").asText()).isEqualTo("Secret");
            secrets.put(document.path("metadata").path("name").asText(), document.path("stringData"));
        }
        assertThat(secrets.get(keySecret)).as("Secret %s in the example", keySecret).isNotNull();
        assertThat(secrets.get(keySecret).has(Path.of(publicKey).getFileName().toString())).isTrue();
        for (JsonNode container : containers) {
            for (JsonNode env : container.path("env")) {
                JsonNode ref = env.path("valueFrom").path("secretKeyRef");
                if (!ref.isMissingNode()) {
                    assertThat(secrets.get(ref.path("name").asText())).as("Secret %s", ref.path("name").asText()).isNotNull();
                    assertThat(secrets.get(ref.path("name").asText()).has(ref.path("key").asText()))
                            .as("key %s in Secret %s", ref.path("key").asText(), ref.path("name").asText()).isTrue();
                }
            }
        }
    }

    private static JsonNode mountAt(JsonNode container, String path) {
        for (JsonNode mount : container.path("volumeMounts")) {
            if (mount.path("mountPath").asText().equals(path)) {
                return mount;
            }
        }
        return null;
    }

    @Test
    void theSecretExampleHoldsPlaceholdersAndSaysHowToCreateItFromFiles() throws IOException {
        for (JsonNode secret : yamlDocuments("deploy/kubernetes/secret.example.yaml")) {
            assertThat(secret.path("apiVersion").asText()).isEqualTo("v1");
            secret.path("stringData").properties().forEach(entry -> assertThat(entry.getValue().asText())
                    .as(entry.getKey()).containsAnyOf("PROJECTREF", "REPLACE", "BEGIN PGP PUBLIC KEY BLOCK"));
        }
        assertThat(read("deploy/kubernetes/secret.example.yaml"))
                .contains("kubectl create secret generic supabackup --from-env-file=")
                .contains("--from-file=supabackup-public.asc=");
    }

    // ---- GitHub Actions ----

    @Test
    void theWorkflowRunsOnScheduleOneAtATimeWithSecretsOnlyInTheEnvironmentAndThePooler() throws IOException {
        JsonNode workflow = yaml("deploy/github-actions/backup.yml");
        JsonNode on = workflow.path("on");
        assertThat(on.isObject()).as("'on' read as a key, not a YAML 1.1 boolean").isTrue();
        assertValidCron(on.path("schedule").path(0).path("cron").asText());
        assertThat(on.has("workflow_dispatch")).isTrue();
        assertThat(workflow.path("permissions").path("contents").asText()).isEqualTo("read");
        assertThat(workflow.path("concurrency").path("group").asText()).isNotBlank();
        assertThat(workflow.path("concurrency").path("cancel-in-progress").asBoolean(true)).isFalse();

        JsonNode jobs = workflow.path("jobs");
        assertThat(jobs.size()).isEqualTo(1);
        JsonNode job = jobs.elements().next();
        assertThat(job.path("runs-on").asText()).isEqualTo("ubuntu-latest");
        assertThat(job.path("timeout-minutes").asInt()).isPositive();
        List<JsonNode> steps = new ArrayList<>();
        job.path("steps").forEach(steps::add);

        JsonNode java = steps.stream().filter(s -> s.path("uses").asText().startsWith("actions/setup-java@"))
                .findFirst().orElseThrow(() -> new AssertionError("no actions/setup-java step"));
        assertThat(java.path("with").path("distribution").asText()).isEqualTo("temurin");
        assertThat(java.path("with").path("java-version").asText()).isEqualTo("17");

        int postgres = indexOfStepRunning(steps, "postgresql-client-17");
        String install = steps.get(postgres).path("run").asText();
        assertThat(install.indexOf("apt.postgresql.org")).as("the PGDG source is added before installing")
                .isNotNegative().isLessThan(install.indexOf("apt-get install"));
        int build = indexOfStepRunning(steps, "./mvnw -B -ntp package -DskipTests");
        int backup = indexOfStepRunning(steps, "./supabackup backup");
        assertThat(postgres).isLessThan(backup);
        assertThat(build).isLessThan(backup);
        assertThat(steps.get(backup).path("env").path("SUPABASE_DB_URL").asText())
                .isEqualTo("${{ secrets.SUPABASE_DB_URL }}");
        for (JsonNode step : steps) {
            assertThat(step.path("run").asText()).as("a secret expanded into a script ends up in its text")
                    .doesNotContain("secrets.");
            if (step.has("run")) {
                assertShellSyntax(step.path("run").asText());
            }
        }
        assertThat(read("deploy/github-actions/backup.yml")).contains("pooler.supabase.com:5432")
                .contains("postgres.PROJECTREF").containsIgnoringCase("IPv6");
    }

    private static int indexOfStepRunning(List<JsonNode> steps, String fragment) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).path("run").asText().contains(fragment)) {
                return i;
            }
        }
        throw new AssertionError("no step runs '" + fragment + "'");
    }

    // ---- systemd ----

    /** systemd's unit file syntax: sections of key=value lines, # and ; comments, a key may repeat. */
    private static Map<String, Map<String, List<String>>> unitFile(String relative) throws IOException {
        Map<String, Map<String, List<String>>> sections = new LinkedHashMap<>();
        Map<String, List<String>> current = null;
        for (String raw : read(relative).split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                current = sections.computeIfAbsent(line.substring(1, line.length() - 1), s -> new LinkedHashMap<>());
                continue;
            }
            assertThat(current).as("%s: '%s' before any section", relative, line).isNotNull();
            int eq = line.indexOf('=');
            assertThat(eq).as("%s: '%s' is not key=value", relative, line).isPositive();
            current.computeIfAbsent(line.substring(0, eq).strip(), k -> new ArrayList<>()).add(line.substring(eq + 1).strip());
        }
        return sections;
    }

    private static String single(Map<String, List<String>> section, String key) {
        List<String> values = section.getOrDefault(key, List.of());
        assertThat(values).as(key).hasSize(1);
        return values.get(0);
    }

    @Test
    void theSystemdServiceBacksUpThenPrunesAsItsOwnUserInASandbox() throws IOException {
        var unit = unitFile("deploy/systemd/supabackup.service");
        assertThat(unit).containsKeys("Unit", "Service");
        var service = unit.get("Service");
        assertThat(single(service, "Type")).isEqualTo("oneshot");
        assertThat(single(service, "User")).isNotBlank().isNotEqualTo("root").isNotEqualTo("0");
        assertThat(single(service, "EnvironmentFile")).isEqualTo("/etc/supabackup/env");
        assertThat(single(service, "ExecStart")).contains("-jar /opt/supabackup/supabackup.jar backup");
        assertThat(single(service, "ExecStartPost")).contains("supabackup.jar prune --keep-daily 7 --keep-weekly 4 --keep-monthly 6");
        assertThat(single(service, "NoNewPrivileges")).isEqualTo("yes");
        assertThat(single(service, "ProtectSystem")).isEqualTo("strict");
        assertThat(single(service, "PrivateTmp")).isEqualTo("yes");
        assertThat(single(service, "ReadWritePaths")).isEqualTo("/var/backups/supabase");
        assertThat(service).doesNotContainKey("MemoryDenyWriteExecute"); // the JIT needs it off
        assertThat(read("deploy/systemd/supabackup.service")).contains("0600");
        assertThat(read("deploy/env.example")).contains("SUPABASE_DB_URL=").contains("pooler.supabase.com:5432");

        var timer = unitFile("deploy/systemd/supabackup.timer").get("Timer");
        assertThat(single(timer, "OnCalendar")).isNotBlank();
        assertThat(single(timer, "RandomizedDelaySec")).isNotBlank();
        assertThat(single(timer, "Persistent")).isEqualTo("true");
        assertThat(single(unitFile("deploy/systemd/supabackup.timer").get("Install"), "WantedBy")).isEqualTo("timers.target");
    }

    @Test
    void systemdItselfFindsNothingWrongWithTheUnits() throws Exception {
        Assumptions.assumeTrue(onPath("systemd-analyze"), "systemd-analyze is not installed here");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/java")),
                "no /usr/bin/java here, which the unit's ExecStart= names");
        Path dir = ROOT.resolve("deploy/systemd");
        Run verify = run(dir, "systemd-analyze", "verify", "./supabackup.service", "./supabackup.timer");
        // warnings about the units name their file; anything else is about this machine, not the recipe
        assertThat(verify.output().lines().filter(l -> l.contains("supabackup.service") || l.contains("supabackup.timer")))
                .as(verify.output()).isEmpty();
        Run calendar = run(dir, "systemd-analyze", "calendar",
                single(unitFile("deploy/systemd/supabackup.timer").get("Timer"), "OnCalendar"));
        assertThat(calendar.exitCode()).as(calendar.output()).isZero();
    }

    // ---- cron ----

    @Test
    void theCrontabIsOneLockedLoggedLineThatPrunesOnlyAfterABackup() throws IOException {
        List<String> entries = read("deploy/cron/crontab").lines()
                .filter(l -> !l.isBlank() && !l.strip().startsWith("#")).toList();
        assertThat(entries).hasSize(1);
        String entry = entries.get(0);
        String[] fields = entry.strip().split("\\s+", 6);
        assertValidCron(String.join(" ", List.of(fields).subList(0, 5)));
        String command = fields[5];
        assertThat(command).contains("flock -n ").contains(". /etc/supabackup/env")
                .contains(">> /var/log/supabackup/backup.log 2>&1").doesNotContain("%");
        assertThat(command.indexOf("supabackup.jar backup && ")).isNotNegative()
                .isLessThan(command.indexOf("supabackup.jar prune"));
        assertShellSyntax(command);
    }

    // ---- Dockerfile ----

    record Instruction(String keyword, String arguments) {
    }

    /** Docker's own reading: comment lines dropped (also inside continuations), {@code \} joins lines. */
    private static List<Instruction> dockerfile() throws IOException {
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder logical = new StringBuilder();
        for (String raw : read("Dockerfile").split("\n")) {
            String line = raw.stripTrailing();
            if (line.strip().startsWith("#") || (line.isBlank() && logical.isEmpty())) {
                continue;
            }
            if (line.endsWith("\\")) {
                logical.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            logical.append(line);
            String text = logical.toString().strip();
            logical.setLength(0);
            if (!text.isEmpty()) {
                String[] parts = text.split("\\s+", 2);
                instructions.add(new Instruction(parts[0].toUpperCase(), parts.length > 1 ? parts[1] : ""));
            }
        }
        assertThat(logical.toString().strip()).as("a continuation that never ends").isEmpty();
        return instructions;
    }

    private static List<List<Instruction>> stages(List<Instruction> instructions) {
        List<List<Instruction>> stages = new ArrayList<>();
        for (Instruction instruction : instructions) {
            if (instruction.keyword().equals("FROM")) {
                stages.add(new ArrayList<>());
            }
            if (!stages.isEmpty()) {
                stages.get(stages.size() - 1).add(instruction);
            }
        }
        return stages;
    }

    private static List<String> aptInstalled(List<Instruction> stage) {
        List<String> packages = new ArrayList<>();
        for (Instruction run : stage.stream().filter(i -> i.keyword().equals("RUN")).toList()) {
            for (String command : run.arguments().split(";|&&")) {
                String[] words = command.strip().split("\\s+");
                int install = List.of(words).indexOf("install");
                if (install > 0 && words[install - 1].equals("apt-get")) {
                    Stream.of(words).skip(install + 1).filter(w -> !w.startsWith("-")).forEach(packages::add);
                }
            }
        }
        return packages;
    }

    private static Instruction only(List<Instruction> stage, String keyword) {
        List<Instruction> found = stage.stream().filter(i -> i.keyword().equals(keyword)).toList();
        assertThat(found).as(keyword).hasSize(1);
        return found.get(0);
    }

    @Test
    void theImageBuildsWithTheWrapperAndRunsTheJarAsANonRootUserWithBothClientVersions() throws IOException {
        List<List<Instruction>> stages = stages(dockerfile());
        assertThat(stages).hasSize(2);
        List<Instruction> build = stages.get(0);
        List<Instruction> runtime = stages.get(1);

        assertThat(build.get(0).arguments()).matches("eclipse-temurin:17-jdk\\s+(?i:as)\\s+build");
        assertThat(build).filteredOn(i -> i.keyword().equals("RUN"))
                .anySatisfy(i -> assertThat(i.arguments()).contains("./mvnw -B -ntp package -DskipTests -pl app-cli -am"));

        assertThat(runtime.get(0).arguments()).isEqualTo("eclipse-temurin:17-jre");
        Instruction copy = runtime.stream().filter(i -> i.keyword().equals("COPY") && i.arguments().startsWith("--from=build"))
                .findFirst().orElseThrow(() -> new AssertionError("the jar is not copied from the build stage"));
        String[] copied = copy.arguments().split("\\s+");
        assertThat(copied[1]).isEqualTo("/src/app-cli/target/supabackup.jar");
        String jar = copied[2];

        String user = only(runtime, "USER").arguments();
        assertThat(user).as("a numeric uid, so that runAsNonRoot can check it").matches("[0-9]+");
        assertThat(Integer.parseInt(user)).isEqualTo(10001);
        int userAt = runtime.indexOf(only(runtime, "USER"));
        assertThat(runtime.subList(userAt, runtime.size())).noneMatch(i -> i.keyword().equals("RUN"));

        JsonNode entrypoint = new ObjectMapper().readTree(only(runtime, "ENTRYPOINT").arguments());
        assertThat(entrypoint.isArray()).as("exec form, so signals reach the JVM").isTrue();
        List<String> words = new ArrayList<>();
        entrypoint.forEach(w -> words.add(w.asText()));
        String archive = jar.replaceFirst("\\.jar$", ".jsa");
        assertThat(words).containsExactly("java", "-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off",
                "-Xlog:cds+dynamic=off", "-XX:+UseSerialGC", "-Xmx256m", "-jar", jar);
        // the archive the entrypoint names is made at build time, from the jar it runs, before the USER switch
        assertThat(runtime.subList(0, userAt)).filteredOn(i -> i.keyword().equals("RUN"))
                .anySatisfy(i -> assertThat(i.arguments()).contains("-XX:ArchiveClassesAtExit=" + archive)
                        .contains("-jar " + jar));
        assertThat(only(runtime, "CMD").arguments()).isEqualTo("[\"--help\"]");
        assertThat(runtime).filteredOn(i -> i.keyword().equals("LABEL"))
                .anySatisfy(i -> assertThat(i.arguments()).contains("org.opencontainers.image.title=")
                        .contains("org.opencontainers.image.source="));

        List<String> packages = aptInstalled(runtime);
        assertThat(packages).contains("postgresql-client-15", "postgresql-client-17", "gnupg", "ca-certificates");
        String installing = runtime.stream().filter(i -> i.arguments().contains("postgresql-client-17"))
                .map(Instruction::arguments).findFirst().orElseThrow();
        Matcher source = Pattern.compile("deb \\[signed-by=(\\S+)] https://apt\\.postgresql\\.org/pub/repos/apt \\S+-pgdg main")
                .matcher(installing);
        assertThat(source.find()).as("the PGDG apt source line").isTrue();
        assertThat(installing).as("the PGDG key is written where the source line expects it").contains("-o " + source.group(1));
        assertThat(source.start()).as("PGDG is added before the clients are installed")
                .isLessThan(installing.indexOf("postgresql-client-17"));

        for (List<Instruction> stage : stages) {
            for (Instruction run : stage.stream().filter(i -> i.keyword().equals("RUN")).toList()) {
                assertShellSyntax(run.arguments().replaceFirst("^(--mount=\\S+\\s+)+", ""));
            }
        }

        String ignored = read(".dockerignore");
        assertThat(ignored.lines()).contains(".git", "**/target", ".env");
    }

    /**
     * The Dockerfile's client packages are real Debian packages that put pg_dump and psql where supabackup
     * searches ({@code /usr/lib/postgresql/<major>/bin}): checked against this machine's apt and dpkg.
     */
    @TestFactory
    Stream<DynamicTest> theImagesClientPackagesExistAndPutTheToolsWhereSupabackupLooks() throws IOException {
        List<String> clients = aptInstalled(stages(dockerfile()).get(1)).stream()
                .filter(p -> p.matches("postgresql-client-[0-9]+")).toList();
        assertThat(clients).isNotEmpty();
        return clients.stream().map(pkg -> DynamicTest.dynamicTest(pkg, () -> {
            String major = pkg.substring("postgresql-client-".length());
            Assumptions.assumeTrue(onPath("apt-cache") && onPath("dpkg"), "no apt/dpkg on this machine");
            Run show = run(ROOT, "apt-cache", "show", "--no-all-versions", pkg);
            Assumptions.assumeTrue(show.exitCode() == 0 && show.output().contains("Package: " + pkg),
                    pkg + " is unknown to apt here (it comes from the PGDG repository the Dockerfile adds)");
            assertThat(show.output()).contains("Package: " + pkg);
            Run status = run(ROOT, "dpkg-query", "-W", "-f=${Status}", pkg);
            Assumptions.assumeTrue(status.exitCode() == 0 && status.output().contains("install ok installed"),
                    pkg + " is known to apt but not installed here");
            Run files = run(ROOT, "dpkg", "-L", pkg);
            assertThat(files.output().lines()).as(files.output())
                    .contains("/usr/lib/postgresql/" + major + "/bin/pg_dump", "/usr/lib/postgresql/" + major + "/bin/psql",
                            "/usr/lib/postgresql/" + major + "/bin/pg_dumpall", "/usr/lib/postgresql/" + major + "/bin/pg_restore");
            Run version = run(ROOT, "/usr/lib/postgresql/" + major + "/bin/pg_dump", "--version");
            assertThat(version.output()).as(version.output()).containsPattern("\\(PostgreSQL\\) " + major + "\\.");
        }));
    }

    // ---- flags used in the recipes and the docs ----

    private static List<Path> documents() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> deploy = Files.walk(ROOT.resolve("deploy"))) {
            deploy.filter(Files::isRegularFile).sorted().forEach(files::add);
        }
        files.add(ROOT.resolve("Dockerfile"));
        files.add(ROOT.resolve("README.md"));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        return files;
    }

    /** Every command's flags as the documents use them, with where each was seen. */
    static Map<String, Map<String, Set<String>>> flagsByCommand(Map<Path, String> documents, Map<String, List<List<String>>> argLists) {
        Map<String, Map<String, Set<String>>> found = new TreeMap<>();
        documents.forEach((file, text) -> {
            // shell continuations make one logical line, as the shell reads them
            String joined = text.replaceAll("\\\\\\r?\\n\\s*", " ");
            Matcher invocation = INVOCATION.matcher(joined);
            while (invocation.find()) {
                var flags = found.computeIfAbsent(invocation.group(1), c -> new TreeMap<>());
                Matcher flag = FLAG.matcher(invocation.group(2));
                while (flag.find()) {
                    flags.computeIfAbsent(flag.group(), f -> new TreeSet<>()).add(ROOT.relativize(file).toString());
                }
            }
        });
        argLists.forEach((where, lists) -> lists.forEach(args -> {
            var flags = found.computeIfAbsent(args.get(0), c -> new TreeMap<>());
            args.stream().skip(1).filter(a -> a.startsWith("--"))
                    .forEach(a -> flags.computeIfAbsent(a.split("=", 2)[0], f -> new TreeSet<>()).add(where));
        }));
        return found;
    }

    @Test
    void theFlagScannerReadsContinuationsAndStopsAtTheCommandsEnd() {
        Path file = ROOT.resolve("x.md");
        var found = flagsByCommand(Map.of(file, """
                ./supabackup backup --repo s3://b \\
                    --encrypt-to k.asc   # --not-a-flag
                `./supabackup show latest --json` and --outside
                java -jar /opt/supabackup/supabackup.jar backup --full && supabackup.jar prune --keep-daily 7 | tee --append
                docker run --rm -e X supabackup restore --yes
                supabackup picks the newest --whatever
                """), Map.of());
        assertThat(found).containsOnlyKeys("backup", "show", "prune", "restore");
        assertThat(found.get("backup")).containsOnlyKeys("--repo", "--encrypt-to", "--full");
        assertThat(found.get("show")).containsOnlyKeys("--json");
        assertThat(found.get("prune")).containsOnlyKeys("--keep-daily");
        assertThat(found.get("restore")).containsOnlyKeys("--yes");
    }

    /**
     * Every {@code supabackup <command> --flag} in deploy/, the Dockerfile, the README and docs/ is one the CLI
     * really has, read from the command's own {@code --help}. A command the CLI does not have yet is skipped
     * (aborted), not passed.
     */
    @TestFactory
    Stream<DynamicTest> everyFlagTheRecipesAndDocsUseExists() throws IOException {
        Map<Path, String> texts = new LinkedHashMap<>();
        for (Path file : documents()) {
            texts.put(file, Files.readString(file, StandardCharsets.UTF_8));
        }
        List<List<String>> containerArgs = new ArrayList<>();
        JsonNode pod = yaml("deploy/kubernetes/cronjob.yaml").path("spec").path("jobTemplate").path("spec")
                .path("template").path("spec");
        for (JsonNode container : containers(pod)) {
            List<String> args = new ArrayList<>();
            container.path("args").forEach(a -> args.add(a.asText()));
            containerArgs.add(args);
        }
        var found = flagsByCommand(texts, Map.of("deploy/kubernetes/cronjob.yaml (args)", containerArgs));
        assertThat(found).containsKeys("backup", "restore", "list", "show", "key generate", "prune");
        return found.entrySet().stream().map(command -> DynamicTest.dynamicTest(
                command.getKey() + " " + String.join(" ", command.getValue().keySet()), () -> {
            List<String> args = new ArrayList<>(List.of(command.getKey().split(" ")));
            args.add("--help");
            CliRunner.Result help = new CliRunner(work).run(args.toArray(String[]::new));
            Assumptions.assumeTrue(help.exitCode() == 0 && help.out().contains("Usage: supabackup " + command.getKey()),
                    "'" + command.getKey() + "' is not a command of this build yet; its flags "
                            + command.getValue().keySet() + " go unchecked");
            command.getValue().forEach((flag, where) -> assertThat(help.out())
                    .as("%s %s, used in %s", command.getKey(), flag, where)
                    .containsPattern("(?<![\\w-])" + Pattern.quote(flag) + "(?![\\w-])"));
        }));
    }

    // ---- processes ----

    record Run(int exitCode, String output) {
    }

    private static Run run(Path dir, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish in 60 s");
        }
        return new Run(process.exitValue(), output);
    }

    /** What the shell would refuse to run at all: checked with {@code sh -n}, which parses and runs nothing. */
    private static void assertShellSyntax(String script) {
        try {
            Run check = run(ROOT, "sh", "-n", "-c", script);
            assertThat(check.exitCode()).as("sh -n: %s%n%s", check.output(), script).isZero();
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("cannot run sh -n", e);
        }
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        return path != null && Stream.of(path.split(java.io.File.pathSeparator))
                .anyMatch(dir -> !dir.isBlank() && Files.isExecutable(Path.of(dir, program)));
    }
}
