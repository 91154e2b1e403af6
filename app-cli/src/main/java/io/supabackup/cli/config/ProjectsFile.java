package io.supabackup.cli.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.supabackup.adapters.crypto.Compression;
import io.supabackup.adapters.crypto.CryptoConfig;
import io.supabackup.adapters.storage.gcs.GcsConfig;
import io.supabackup.adapters.storage.s3.S3Config;
import io.supabackup.adapters.supabase.SupabaseConfig;
import io.supabackup.cli.wiring.AppConfig;
import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import io.supabackup.domain.model.DatabaseEndpoint;
import io.supabackup.domain.model.RetentionPolicy;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The projects file ({@code supabackup.yaml}): several projects and the repositories they go to, by name, so
 * that one scheduled run backs up many. Loading checks the whole file's shape — unknown keys, unknown
 * repository names, secrets written inline — so that a mistake fails before anything runs; the secrets
 * themselves are looked up only when a project runs ({@link Project#resolve}), so that one project's missing
 * variable fails that project alone. See {@code docs/supabackup.example.yaml}.
 */
public final class ProjectsFile {
    public static final String DEFAULT_FILE = "supabackup.yaml";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    private static final Set<String> TOP = Set.of("repositories", "projects", "notify");
    private static final Set<String> REPOSITORY = Set.of("url", "s3", "gcs", "encrypt-to", "passphrase", "decrypt-key",
            "decrypt-key-passphrase", "compression", "connections", "retries", "lock-wait");
    private static final Set<String> S3 = Set.of("region", "endpoint", "path-style", "access-key-id",
            "secret-access-key", "session-token", "profile", "part-size-mib", "upload-concurrency", "sse", "kms-key-id",
            "storage-class", "object-lock-mode", "object-lock-days");
    private static final Set<String> GCS = Set.of("credentials", "project", "endpoint", "anonymous", "storage-class",
            "chunk-size-mib", "retention-days", "retention-mode", "hold");
    private static final Set<String> PROJECT = Set.of("db-url", "project-url", "service-role-key", "repository", "keep",
            "only", "full", "table-json", "exclude-buckets", "parallel", "pg-bin");
    private static final Set<String> KEEP = Set.of("last", "daily", "weekly", "monthly", "within");
    private static final Set<String> NOTIFY = Set.of("url", "on");
    private static final Set<String> PARTS = Set.of("db", "storage", "auth");

    private final Path file;
    private final Map<String, Repository> repositories;
    private final Map<String, Project> projects;
    private final Optional<SecretRef> notifyUrl;
    private final Optional<String> notifyOn;

    private ProjectsFile(Path file, Map<String, Repository> repositories, Map<String, Project> projects,
                         Optional<SecretRef> notifyUrl, Optional<String> notifyOn) {
        this.file = file;
        this.repositories = Collections.unmodifiableMap(repositories);
        this.projects = Collections.unmodifiableMap(projects);
        this.notifyUrl = notifyUrl;
        this.notifyOn = notifyOn;
    }

    /** Reads and checks the file; any mistake in it is a usage error naming the key. */
    public static ProjectsFile load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new SupabackupException(FailureKind.USAGE, "the projects file " + file + " does not exist",
                    "give --projects-file FILE or set SUPABACKUP_PROJECTS_FILE; docs/supabackup.example.yaml shows one");
        }
        JsonNode root;
        try {
            root = YAMLMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build().readTree(file.toFile());
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new SupabackupException(FailureKind.USAGE, file.getFileName() + ": not valid YAML"
                    + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr()) + ": "
                    + firstLine(e.getOriginalMessage()), "check the indentation and the quoting there");
        } catch (IOException e) {
            throw new SupabackupException(FailureKind.USAGE, "cannot read the projects file " + file + ": "
                    + e.getClass().getSimpleName(), "check the path and its permissions");
        }
        if (root == null || !root.isObject()) {
            throw new SupabackupException(FailureKind.USAGE, file.getFileName() + " holds no projects",
                    "write a 'repositories:' and a 'projects:' mapping; docs/supabackup.example.yaml shows how");
        }
        YamlSection top = new YamlSection(root, "", file).allowOnly(TOP);
        Map<String, Repository> repositories = new LinkedHashMap<>();
        top.named("repositories").forEach((name, section) -> repositories.put(checkedName(section, name),
                repository(name, section)));
        if (repositories.isEmpty()) {
            throw top.error("no repositories are defined", "add e.g. 'repositories: { local: { url: ./backups } }'");
        }
        Map<String, Project> projects = new LinkedHashMap<>();
        top.named("projects").forEach((name, section) -> projects.put(checkedName(section, name),
                project(name, section, repositories)));
        if (projects.isEmpty()) {
            throw top.error("no projects are defined", "add a project under 'projects:', with its db-url and repository");
        }
        Optional<YamlSection> notify = top.section("notify").map(s -> s.allowOnly(NOTIFY));
        return new ProjectsFile(file, repositories, projects, notify.flatMap(s -> s.secret("url")),
                notify.flatMap(s -> s.text("on")));
    }

    public Path file() {
        return file;
    }

    /** The project names, in the file's order. */
    public List<String> projectNames() {
        return List.copyOf(projects.keySet());
    }

    public Map<String, Repository> repositories() {
        return repositories;
    }

    public Project project(String name) {
        Project project = projects.get(name);
        if (project == null) {
            throw new SupabackupException(FailureKind.USAGE, "there is no project '" + name + "' in "
                    + file.getFileName(), "the projects are: " + String.join(", ", projects.keySet()));
        }
        return project;
    }

    /** The webhook every project's run reports to, unless the command line names one. */
    public Optional<SecretRef> notifyUrl() {
        return notifyUrl;
    }

    /** When the webhook hears of a run: always, failure or success. */
    public Optional<String> notifyOn() {
        return notifyOn;
    }

    /**
     * What the command line gives every project: the settings the file does not set.
     *
     * @param quiet       no progress output
     * @param pgBin       the PostgreSQL client tools of a project that names none
     * @param connections operations at once against a repository that names no number
     * @param retries     retries of a failed repository operation, unless the repository says
     * @param lockWait    how long to wait for a lock, unless the repository says
     */
    public record Defaults(boolean quiet, Optional<Path> pgBin, int connections, int retries, Duration lockWait) {
    }

    /**
     * A repository of the file, checked; its secrets are still references.
     *
     * @param s3 the S3 settings without the credentials, which are resolved with the secrets
     */
    public record Repository(String name, String url, S3Config s3, Optional<String> s3AccessKeyId,
                             Optional<SecretRef> s3SecretAccessKey, Optional<SecretRef> s3SessionToken, GcsConfig gcs,
                             List<Path> encryptTo, Optional<SecretRef> passphrase, Optional<Path> decryptKey,
                             Optional<SecretRef> decryptKeyPassphrase, Compression compression,
                             Optional<Integer> connections, Optional<Integer> retries, Optional<Duration> lockWait,
                             URI uri) {
    }

    /** A project of the file, checked; its secrets are still references. */
    public record Project(String name, Optional<SecretRef> dbUrl, Optional<String> projectUrl,
                          Optional<SecretRef> serviceRoleKey, Repository repository, Optional<RetentionPolicy> keep,
                          Set<String> only, boolean full, boolean tableJson, List<String> excludeBuckets,
                          Optional<Integer> parallel, Optional<Path> pgBin) {

        /**
         * Looks the secrets up and makes what a run needs. Every secret found is handed to {@code secrets} (to be
         * masked in whatever is printed) before it can appear anywhere else.
         */
        public ResolvedProject resolve(Function<String, Optional<String>> environment, Defaults defaults,
                                       Consumer<String> secrets) {
            Function<SecretRef, String> lookUp = ref -> {
                String value = ref.resolve(environment);
                secrets.accept(value);
                return value;
            };
            Optional<SupabaseConfig> api = projectUrl.map(url -> {
                String key = lookUp.apply(serviceRoleKey.orElseThrow());
                return atRun("projects." + name + ".project-url", () -> SupabaseConfig.of(URI.create(url), key.strip()));
            });
            Set<String> parts = only.isEmpty() ? (api.isPresent() ? PARTS : Set.of("db")) : only;
            DatabaseEndpoint database = null;
            if (parts.contains("db")) {
                String url = lookUp.apply(dbUrl.orElseThrow());
                database = atRun(dbUrl.get().key(), () -> DatabaseEndpoint.parse(url.strip()));
                secrets.accept(database.password());
            }
            Repository r = repository;
            S3Config s3 = r.s3();
            if (r.s3AccessKeyId().isPresent()) {
                String secret = lookUp.apply(r.s3SecretAccessKey().orElseThrow());
                String token = r.s3SessionToken().map(lookUp).orElse(null);
                s3 = atRun("repositories." + r.name() + ".s3", () -> r.s3().toBuilder()
                        .credentials(r.s3AccessKeyId().get(), secret, token).build());
            }
            List<Path> recipients = new ArrayList<>();
            for (Path key : r.encryptTo()) {
                recipients.add(requireFile(key, "repositories." + r.name() + ".encrypt-to"));
            }
            Path decryptKey = r.decryptKey().map(key -> requireFile(key, "repositories." + r.name() + ".decrypt-key"))
                    .orElse(null);
            CryptoConfig crypto = new CryptoConfig(recipients, r.passphrase().map(lookUp).map(String::toCharArray)
                    .orElse(null), decryptKey, r.decryptKeyPassphrase().map(lookUp).map(String::toCharArray).orElse(null),
                    r.compression());
            AppConfig config = new AppConfig(r.uri(), pgBin.or(defaults::pgBin), defaults.quiet(),
                    r.connections().orElse(defaults.connections()), r.retries().orElse(defaults.retries()) + 1,
                    "s3".equalsIgnoreCase(r.uri().getScheme()) ? s3 : S3Config.defaults(),
                    "gs".equalsIgnoreCase(r.uri().getScheme()) ? r.gcs() : GcsConfig.defaults(), crypto, api,
                    r.lockWait().orElse(defaults.lockWait()), Optional.empty());
            return new ResolvedProject(name, r.name(), config, database, parts, full, tableJson,
                    Set.copyOf(excludeBuckets), parallel.orElse(8), keep);
        }
    }

    private static String checkedName(YamlSection section, String name) {
        if (!NAME.matcher(name).matches()) {
            throw section.error(section.path() + ": a name is letters, digits, '-', '_' and '.'", null);
        }
        return name;
    }

    private static Repository repository(String name, YamlSection section) {
        section.allowOnly(REPOSITORY);
        String url = section.text("url").orElseThrow(() -> section.error(section.key("url") + " is missing",
                "give a directory, s3://bucket/prefix or gs://bucket/prefix"));
        URI uri = usage(section, section.key("url"), () -> AppConfig.repositoryUri(url,
                section.file().toAbsolutePath().getParent()));
        Optional<YamlSection> s3 = section.section("s3").map(s -> s.allowOnly(S3));
        Optional<YamlSection> gcs = section.section("gcs").map(s -> s.allowOnly(GCS));
        S3Config s3Config = s3.map(ProjectsFile::s3).orElse(S3Config.defaults());
        Optional<String> accessKeyId = s3.flatMap(s -> s.text("access-key-id"));
        Optional<SecretRef> secretAccessKey = s3.flatMap(s -> s.secret("secret-access-key"));
        Optional<SecretRef> sessionToken = s3.flatMap(s -> s.secret("session-token"));
        if (accessKeyId.isPresent() != secretAccessKey.isPresent()) {
            throw section.error(section.key("s3") + ": access-key-id and secret-access-key go together",
                    "give both, or neither to use the AWS SDK's credential chain");
        }
        if (sessionToken.isPresent() && accessKeyId.isEmpty()) {
            throw section.error(section.key("s3.session-token") + " needs access-key-id and secret-access-key", null);
        }
        return new Repository(name, url, s3Config, accessKeyId, secretAccessKey, sessionToken,
                gcs.map(ProjectsFile::gcs).orElse(GcsConfig.defaults()),
                section.texts("encrypt-to").stream().map(section::resolve).toList(), section.secret("passphrase"),
                section.text("decrypt-key").map(section::resolve), section.secret("decrypt-key-passphrase"),
                usage(section, section.key("compression"),
                        () -> Compression.parse(section.text("compression").orElse("zstd"))),
                section.integer("connections", 1), section.integer("retries", 0),
                section.text("lock-wait").map(text -> usage(section, section.key("lock-wait"),
                        () -> Durations.parseWait(text))),
                uri);
    }

    private static S3Config s3(YamlSection s) {
        String region = s.text("region").orElse(null);
        URI endpoint = s.text("endpoint").map(text -> usage(s, s.key("endpoint"), () -> URI.create(text))).orElse(null);
        boolean pathStyle = s.flag("path-style");
        String profile = s.text("profile").orElse(null);
        long partSize = s.integer("part-size-mib", 5).orElse(16) * S3Config.MIB;
        int uploadConcurrency = s.integer("upload-concurrency", 1).orElse(S3Config.DEFAULT_UPLOAD_CONCURRENCY);
        String sse = s.text("sse").orElse(null);
        String kmsKeyId = s.text("kms-key-id").orElse(null);
        String storageClass = s.text("storage-class").orElse(null);
        String lockMode = s.text("object-lock-mode").orElse(null);
        int lockDays = s.integer("object-lock-days", 0).orElse(0);
        return usage(s, s.path(), () -> S3Config.builder().region(region).endpoint(endpoint).pathStyle(pathStyle)
                .profile(profile).partSize(partSize).uploadConcurrency(uploadConcurrency)
                .serverSideEncryption(sse, kmsKeyId).storageClass(storageClass).objectLock(lockMode, lockDays).build());
    }

    private static GcsConfig gcs(YamlSection s) {
        String project = s.text("project").orElse(null);
        Path credentials = s.text("credentials").map(s::resolve).orElse(null);
        boolean anonymous = s.flag("anonymous");
        URI endpoint = s.text("endpoint").map(text -> usage(s, s.key("endpoint"), () -> URI.create(text))).orElse(null);
        String storageClass = s.text("storage-class").orElse(null);
        int chunkSize = s.integer("chunk-size-mib", 1).orElse(16) * 1024 * 1024;
        GcsConfig.Hold hold = choice(s, "hold", GcsConfig.Hold.class, GcsConfig.Hold.NONE);
        int days = s.integer("retention-days", 0).orElse(0);
        GcsConfig.RetentionMode mode = choice(s, "retention-mode", GcsConfig.RetentionMode.class,
                GcsConfig.RetentionMode.UNLOCKED);
        return usage(s, s.path(), () -> {
            GcsConfig config = GcsConfig.defaults().withProjectId(project).withCredentialsFile(credentials)
                    .withAnonymous(anonymous).withEndpoint(endpoint).withStorageClass(storageClass)
                    .withChunkSize(chunkSize).withHold(hold);
            return days > 0 ? config.withRetention(Duration.ofDays(days), mode) : config;
        });
    }

    private static <E extends Enum<E>> E choice(YamlSection s, String key, Class<E> type, E fallback) {
        Optional<String> text = s.text(key);
        if (text.isEmpty()) {
            return fallback;
        }
        for (E value : type.getEnumConstants()) {
            if (value.name().equalsIgnoreCase(text.get().replace('-', '_'))) {
                return value;
            }
        }
        throw s.error(s.key(key) + " does not know '" + text.get() + "'", "use one of: "
                + String.join(", ", java.util.Arrays.stream(type.getEnumConstants()).map(Enum::name).toList()));
    }

    private static Project project(String name, YamlSection section, Map<String, Repository> repositories) {
        section.allowOnly(PROJECT);
        String repositoryName = section.text("repository").orElseGet(() -> {
            if (repositories.size() == 1) {
                return repositories.keySet().iterator().next();
            }
            throw section.error(section.key("repository") + " is missing", "name one of the repositories: "
                    + String.join(", ", repositories.keySet()));
        });
        Repository repository = repositories.get(repositoryName);
        if (repository == null) {
            throw section.error(section.key("repository") + " names '" + repositoryName
                    + "', which is not under repositories", "the repositories are: "
                    + String.join(", ", repositories.keySet()));
        }
        Set<String> only = new LinkedHashSet<>();
        for (String part : section.texts("only")) {
            String normal = part.toLowerCase(Locale.ROOT);
            if (!PARTS.contains(normal)) {
                throw section.error(section.key("only") + " does not know '" + part + "'", "use db, storage and auth");
            }
            only.add(normal);
        }
        Optional<String> projectUrl = section.text("project-url");
        Optional<SecretRef> key = section.secret("service-role-key");
        if (projectUrl.isPresent() != key.isPresent()) {
            throw section.error(section.key(projectUrl.isPresent() ? "project-url" : "service-role-key")
                    + " needs " + section.key(projectUrl.isPresent() ? "service-role-key" : "project-url"),
                    "the project's APIs take both the project URL and its service role key");
        }
        boolean database = only.isEmpty() || only.contains("db");
        Optional<SecretRef> dbUrl = section.secret("db-url");
        if (database && dbUrl.isEmpty()) {
            throw section.error(section.key("db-url") + " is missing",
                    "refer to the connection string, e.g. db-url: {env: PROD_DB_URL}");
        }
        if (!only.isEmpty() && !only.equals(Set.of("db")) && projectUrl.isEmpty()) {
            throw section.error(section.key("only") + " names storage or auth, which need project-url and "
                    + "service-role-key", null);
        }
        Optional<RetentionPolicy> keep = section.section("keep").map(ProjectsFile::keep);
        return new Project(name, dbUrl, projectUrl, key, repository, keep, Set.copyOf(only), section.flag("full"),
                section.flag("table-json"), section.texts("exclude-buckets"), section.integer("parallel", 1),
                section.text("pg-bin").map(section::resolve));
    }

    private static RetentionPolicy keep(YamlSection s) {
        s.allowOnly(KEEP);
        Duration within = s.text("within")
                .map(text -> usage(s, s.key("within"), () -> RetentionPolicy.parseDuration(text))).orElse(Duration.ZERO);
        RetentionPolicy policy = new RetentionPolicy(s.integer("last", 0).orElse(0), s.integer("daily", 0).orElse(0),
                s.integer("weekly", 0).orElse(0), s.integer("monthly", 0).orElse(0), within);
        if (policy.isEmpty()) {
            throw s.error(s.path() + " keeps nothing", "give at least one of last, daily, weekly, monthly, within");
        }
        return policy;
    }

    private static Path requireFile(Path file, String key) {
        if (!Files.isRegularFile(file)) {
            throw new SupabackupException(FailureKind.USAGE, key + ": " + file + " does not exist",
                    "give the path of an OpenPGP key file ('supabackup key generate' makes one)");
        }
        return file;
    }

    /** Runs the check of a value made from the file, and names the file and the key when it refuses it. */
    private static <T> T usage(YamlSection section, String key, Supplier<T> check) {
        try {
            return check.get();
        } catch (SupabackupException e) {
            throw section.error(key + ": " + e.getMessage(), e.hint());
        } catch (IllegalArgumentException e) {
            throw section.error(key + ": " + e.getMessage(), null);
        }
    }

    /** The same at run time, when a value made from a secret is checked: the file's name, the key, no value. */
    private static <T> T atRun(String key, Supplier<T> check) {
        try {
            return check.get();
        } catch (SupabackupException e) {
            throw new SupabackupException(e.kind(), key + ": " + e.getMessage(), e.hint(), e);
        } catch (IllegalArgumentException e) {
            throw new SupabackupException(FailureKind.USAGE, key + ": " + e.getMessage(), null, e);
        }
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }
}
