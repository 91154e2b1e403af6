package io.supabackup.cli.command;

import com.google.inject.Guice;
import com.google.inject.Injector;
import io.supabackup.adapters.crypto.CryptoConfig;
import io.supabackup.adapters.postgres.PostgresConfig;
import io.supabackup.adapters.postgres.PostgresModule;
import io.supabackup.adapters.supabase.SupabaseConfig;
import io.supabackup.adapters.supabase.SupabaseModule;
import io.supabackup.cli.ExitCodes;
import io.supabackup.cli.config.Settings;
import io.supabackup.cli.wiring.AppConfig;
import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import io.supabackup.domain.model.BackupSummary;
import io.supabackup.domain.model.ClientTool;
import io.supabackup.domain.model.DatabaseEndpoint;
import io.supabackup.domain.model.DatabaseServer;
import io.supabackup.domain.model.EncryptionInfo;
import io.supabackup.domain.port.out.AuthDirectory;
import io.supabackup.domain.port.out.BackupRepository;
import io.supabackup.domain.port.out.BucketStore;
import io.supabackup.domain.port.out.DatabaseDiagnostics;
import io.supabackup.domain.port.out.ObjectStore;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code supabackup doctor}: checks, one by one, everything a backup needs — the configuration, the database,
 * the client tools, the project's Storage and Auth APIs, the repository and the keys — and says for each
 * what it found or what is wrong and how to fix it. A failing check does not stop the others, so one run
 * shows every problem. It takes the same options as {@code backup}, so a setup that passes backs up.
 */
@Command(name = "doctor", sortOptions = false,
        description = "Check the setup a backup would use: configuration, database, client tools, the project's "
                + "APIs, the repository and the keys. Exits 0 when every check that ran passed.")
final class DoctorCommand extends AbstractCommand {
    static final List<String> TOOLS = List.of("pg_dump", "pg_dumpall", "psql", "pg_restore");
    private static final String CONFIGURATION = "configuration";
    private static final String DATABASE = "database";
    private static final String CLIENT_TOOLS = "client tools";
    private static final String STORAGE_API = "Storage API";
    private static final String AUTH_API = "Auth API";
    private static final String REPOSITORY = "repository";
    private static final String ENCRYPTION = "encryption";
    private static final int LABEL_WIDTH = 13;

    @Mixin
    RepositoryOptions repository;

    @Mixin
    PostgresOptions postgres;

    @Option(names = "--db-url", paramLabel = "URL",
            description = "The database to check: postgresql://USER:PASSWORD@HOST:PORT/DB or 'host=… dbname=…' (env SUPABASE_DB_URL).")
    String dbUrl;

    @Mixin
    SupabaseOptions supabase;

    private DatabaseDiagnostics diagnostics;
    /** What the database check learnt, for the client tools check; empty when it did not run or failed. */
    private Optional<DatabaseServer> server = Optional.empty();
    /** The project's APIs as configured, or why they cannot be; computed once for both API checks. */
    private Optional<SupabaseConfig> api;
    private SupabackupException apiProblem;
    /** The backups found by the repository check, for the encryption check; null when it failed. */
    private List<BackupSummary> backups;

    @Override
    public Integer call() {
        List<CheckResult> results = new ArrayList<>();
        results.add(run(CONFIGURATION, this::configuration));
        results.add(run(DATABASE, this::database));
        results.add(run(CLIENT_TOOLS, this::clientTools));
        results.add(run(STORAGE_API, this::storageApi));
        results.add(run(AUTH_API, this::authApi));
        results.add(run(REPOSITORY, this::repositoryCheck));
        results.add(run(ENCRYPTION, this::encryption));
        if (output.json) {
            printJson(results.stream().map(DoctorCommand::json).toList());
        } else {
            print(results);
        }
        return results.stream().filter(CheckResult::failed).findFirst()
                .map(failure -> ExitCodes.of(failure.kind())).orElse(ExitCodes.OK);
    }

    /** Runs one check so that nothing it throws can stop the others; the result carries no secret. */
    private CheckResult run(String check, Supplier<CheckResult> body) {
        CheckResult result;
        try {
            result = body.get();
        } catch (SupabackupException e) {
            debug(e);
            result = CheckResult.failed(check, e);
        } catch (IllegalArgumentException e) {
            // as the CLI's own handler: a value the user gave was not accepted
            debug(e);
            result = CheckResult.failed(check, FailureKind.USAGE, String.valueOf(e.getMessage()), null);
        } catch (UncheckedIOException e) {
            debug(e);
            result = CheckResult.failed(check, FailureKind.UNEXPECTED, String.valueOf(e.getMessage()),
                    "check that the repository and the database are reachable; --debug shows details");
        } catch (RuntimeException e) {
            debug(e);
            result = CheckResult.failed(check, FailureKind.UNEXPECTED, "unexpected error: " + e,
                    "run again with --debug for details and report it");
        }
        return result.redacted(context()::redact);
    }

    private void debug(Exception e) {
        if (output.debug) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            context().err().println(context().redact(trace.toString()));
        }
    }

    // 1. configuration

    private CheckResult configuration() {
        Settings settings = context().settings();
        List<String> read = new ArrayList<>();
        settings.configPath().ifPresent(path -> read.add("config file " + path));
        settings.dotEnvPath().ifPresent(path -> read.add(".env " + path));
        List<String> parts = new ArrayList<>();
        parts.add(read.isEmpty() ? "no config file or .env" : "read " + String.join(" and ", read));
        URI uri = AppConfig.repositoryUri(repository.repository, context().workingDirectory());
        parts.add("repository " + displayUri(uri) + " (" + origin("--repo") + ")");
        if (present(dbUrl)) {
            parts.add("database URL from " + origin("--db-url"));
        }
        if (present(supabase.projectUrl)) {
            parts.add("project URL from " + origin("--project-url"));
        }
        if (supabase.serviceRoleKeyFile != null) {
            parts.add("service role key from the file " + supabase.serviceRoleKeyFile + " ("
                    + origin("--service-role-key-file") + ")");
        } else if (present(supabase.serviceRoleKey)) {
            parts.add("service role key from " + origin("--service-role-key"));
        }
        return CheckResult.passed(CONFIGURATION, String.join("; ", parts));
    }

    /** Where an option's value came from: the command line, a variable, {@code .env}, the config file or the default. */
    private String origin(String option) {
        if (matched(option)) {
            return option + " on the command line";
        }
        return context().settings().origin(option.substring(2)).orElse("default");
    }

    /** A URI fit to print: a local path as a path, anything else without the password of its user info. */
    static String displayUri(URI uri) {
        if ("file".equalsIgnoreCase(uri.getScheme())) {
            try {
                return Path.of(uri).toString();
            } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
                return uri.toString();
            }
        }
        String userInfo = uri.getRawUserInfo();
        if (userInfo == null || !userInfo.contains(":")) {
            return uri.toString();
        }
        try {
            return new URI(uri.getScheme(), userInfo.substring(0, userInfo.indexOf(':')) + ":***", uri.getHost(),
                    uri.getPort(), uri.getPath(), null, null).toString();
        } catch (URISyntaxException e) {
            return uri.getScheme() + "://***@" + uri.getHost();
        }
    }

    // 2. database

    private CheckResult database() {
        if (!present(dbUrl)) {
            return CheckResult.skipped(DATABASE, "no database given",
                    "pass --db-url postgresql://USER:PASSWORD@HOST:PORT/postgres or set SUPABASE_DB_URL to check it");
        }
        DatabaseEndpoint endpoint = endpoint(dbUrl, "--db-url");
        DatabaseServer found = diagnostics().server(endpoint);
        server = Optional.of(found);
        String where = endpoint.host() + ":" + endpoint.port() + "/" + endpoint.database();
        String kind = found.supabase()
                ? "a Supabase project (it has the auth and storage schemas)"
                : "not a Supabase project (no auth and storage schemas): back it up with --full";
        return CheckResult.passed(DATABASE, "PostgreSQL " + found.version() + " at " + where + ", logged in as "
                + found.user() + "; " + kind + "; " + found.userTables() + " user table"
                + (found.userTables() == 1 ? "" : "s"));
    }

    /** The PostgreSQL adapter exactly as the application wires it, without the rest of the graph. */
    private DatabaseDiagnostics diagnostics() {
        if (diagnostics == null) {
            diagnostics = instance(Guice.createInjector(new PostgresModule(new PostgresConfig(
                    Optional.ofNullable(postgres.pgBin)))), DatabaseDiagnostics.class);
        }
        return diagnostics;
    }

    // 3. client tools

    private CheckResult clientTools() {
        DatabaseDiagnostics diagnostics = diagnostics();
        List<ClientTool> chosen = new ArrayList<>();
        List<SupabackupException> problems = new ArrayList<>();
        for (String tool : TOOLS) {
            try {
                chosen.add(diagnostics.clientTool(tool, server));
            } catch (SupabackupException e) {
                problems.add(e);
            }
        }
        if (!problems.isEmpty()) {
            String detail = problems.stream().map(Throwable::getMessage).collect(Collectors.joining("; "));
            if (!present(dbUrl)) {
                return CheckResult.skipped(CLIENT_TOOLS, detail + " (needed only to back up or restore a database)",
                        problems.get(0).hint());
            }
            return CheckResult.failed(CLIENT_TOOLS, FailureKind.TOOL, detail, problems.get(0).hint());
        }
        StringBuilder detail = new StringBuilder(describe(chosen));
        if (server.isPresent()) {
            DatabaseServer s = server.get();
            detail.append("; for the PostgreSQL ").append(s.version()).append(" server");
            for (ClientTool tool : chosen) {
                if (tool.major() < s.major()) {
                    detail.append("; ").append(tool.name()).append(' ').append(tool.version())
                            .append(" is older than the server, which works since it only passes SQL on (install ")
                            .append(s.major()).append(" to be safe)");
                }
            }
        } else {
            detail.append(present(dbUrl) ? "; the server's version is unknown (see the database check)"
                    : "; no server to compare them with");
        }
        return CheckResult.passed(CLIENT_TOOLS, detail.toString());
    }

    /** {@code pg_dump, psql 17.2 in /usr/lib/postgresql/17/bin}: tools of one version in one folder together. */
    static String describe(List<ClientTool> tools) {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (ClientTool tool : tools) {
            Path parent = Path.of(tool.path()).getParent();
            String where = tool.version() + (parent == null ? "" : " in " + parent);
            groups.computeIfAbsent(where, k -> new ArrayList<>()).add(tool.name());
        }
        return groups.entrySet().stream().map(e -> String.join(", ", e.getValue()) + " " + e.getKey())
                .collect(Collectors.joining("; "));
    }

    // 4. and 5. the project's APIs

    private Optional<SupabaseConfig> api() {
        if (api == null && apiProblem == null) {
            try {
                // a setup check should answer quickly: two tries, short waits
                api = supabase.toConfig(context(), matched("--service-role-key"))
                        .map(c -> c.withRetries(2, Duration.ofMillis(200), Duration.ofSeconds(1)));
            } catch (SupabackupException e) {
                apiProblem = e;
            }
        }
        if (apiProblem != null) {
            throw apiProblem;
        }
        return api;
    }

    private <T> Optional<T> apiPort(Class<T> type) {
        return api().map(config -> instance(Guice.createInjector(new SupabaseModule(config)), type));
    }

    private static CheckResult noApi(String check) {
        return CheckResult.skipped(check, "no project URL given",
                "pass --project-url https://REF.supabase.co (or set SUPABASE_URL) and SUPABASE_SERVICE_ROLE_KEY to check "
                        + "the Storage and Auth APIs");
    }

    private CheckResult storageApi() {
        Optional<BucketStore> store = apiPort(BucketStore.class);
        if (store.isEmpty()) {
            return noApi(STORAGE_API);
        }
        List<String> names = store.get().buckets().stream().map(b -> b.id()).toList();
        String listed = names.isEmpty() ? "" : ": " + String.join(", ", names.subList(0, Math.min(names.size(), 5)))
                + (names.size() > 5 ? ", …" : "");
        return CheckResult.passed(STORAGE_API, names.size() + " bucket" + (names.size() == 1 ? "" : "s") + " at "
                + store.get().location() + listed);
    }

    private CheckResult authApi() {
        Optional<AuthDirectory> directory = apiPort(AuthDirectory.class);
        if (directory.isEmpty()) {
            return noApi(AUTH_API);
        }
        OptionalLong users = directory.get().countUsers();
        return CheckResult.passed(AUTH_API, (users.isPresent()
                ? users.getAsLong() + " user" + (users.getAsLong() == 1 ? "" : "s") : "the user list answers (without a total)")
                + " at " + directory.get().location());
    }

    // 6. repository

    private CheckResult repositoryCheck() {
        // without keys: this check is about the location; the encryption check opens backups with the keys
        Injector injector = injector(appConfig(repository, postgres.pgBin, Optional.empty(), noKeys()));
        ObjectStore store = instance(injector, ObjectStore.class);
        BackupRepository backupRepository = instance(injector, BackupRepository.class);
        String state;
        List<BackupSummary> found;
        try {
            found = backupRepository.list();
            long complete = found.stream().filter(BackupSummary::complete).count();
            long incomplete = found.size() - complete;
            state = "a repository with " + complete + " complete backup" + (complete == 1 ? "" : "s")
                    + (incomplete == 0 ? "" : " and " + incomplete + " incomplete");
        } catch (SupabackupException e) {
            if (e.kind() != FailureKind.NOT_FOUND) {
                throw e;
            }
            found = List.of();
            if (holdsOtherFiles(store)) {
                return CheckResult.failed(REPOSITORY, FailureKind.USAGE, store.location() + " holds other files and no "
                                + "supabackup repository, so a backup would refuse to write there",
                        "point --repo at an empty location or at an existing supabackup repository");
            }
            state = "no repository yet; the first backup creates one";
        }
        backups = found;
        RepositoryProbe.run(store);
        return CheckResult.passed(REPOSITORY, store.location() + ": writable (a probe object was written, read back "
                + "and deleted); " + state);
    }

    private static boolean holdsOtherFiles(ObjectStore store) {
        boolean[] any = {false};
        try {
            if (!store.exists()) {
                return false;
            }
            store.list("", object -> {
                if (!object.key().startsWith(RepositoryProbe.PREFIX)) {
                    any[0] = true;
                    throw new FoundOne(); // one is enough; a large bucket need not be listed to its end
                }
            });
            return any[0];
        } catch (RuntimeException e) {
            // FoundOne itself, or as an adapter wrapped it
            if (any[0]) {
                return true;
            }
            throw e;
        } catch (IOException e) {
            if (any[0]) {
                return true;
            }
            throw new SupabackupException(FailureKind.UNEXPECTED, "cannot list " + store.location() + ": "
                    + RepositoryProbe.describe(e), "check that the repository location is reachable and readable", e);
        }
    }

    /** Stops a listing at its first object. */
    private static final class FoundOne extends RuntimeException {
        private static final long serialVersionUID = 1L;

        FoundOne() {
            super(null, null, false, false);
        }
    }

    private static CryptoConfig noKeys() {
        return new CryptoConfig(List.of(), null, null, null, null);
    }

    // 7. encryption

    private CheckResult encryption() {
        CryptoConfig keys = repository.crypto.toConfig(context());
        Optional<BackupSummary> latest = backups == null ? Optional.empty()
                : backups.stream().filter(BackupSummary::complete).reduce((a, b) -> b);
        Optional<EncryptionInfo> latestEncryption = latest.flatMap(BackupSummary::summary).flatMap(s -> s.encryption());
        boolean secret = keys.passphrase() != null || keys.decryptKeyFile() != null;
        if (!keys.canEncrypt() && !secret) {
            String note = latestEncryption.map(e -> "; the latest backup " + latest.get().id() + " is encrypted to "
                    + e.describe() + ", which restoring it needs").orElse("");
            return CheckResult.skipped(ENCRYPTION, "backups will not be encrypted" + note,
                    "to encrypt them, give --encrypt-to FILE (a public key; 'supabackup key generate' makes a pair) "
                            + "or --passphrase-file FILE");
        }
        List<String> parts = new ArrayList<>(EncryptionProbe.run(keys));
        if (latestEncryption.isPresent()) {
            String id = latest.get().id().value();
            if (secret) {
                BackupRepository keyed = instance(injector(appConfig(repository, postgres.pgBin, Optional.empty(), keys)),
                        BackupRepository.class);
                try {
                    keyed.open(id);
                } catch (SupabackupException e) {
                    throw new SupabackupException(e.kind(), "the keys given do not open the latest backup " + id + ": "
                            + e.getMessage(), e.hint(), e);
                }
                parts.add("they open the latest backup " + id);
            } else {
                parts.add("the latest backup " + id + " is encrypted to " + latestEncryption.get().describe());
            }
        } else if (latest.isPresent()) {
            parts.add("the latest backup " + latest.get().id() + " is not encrypted");
        }
        return CheckResult.passed(ENCRYPTION, String.join("; ", parts));
    }

    // output

    private void print(List<CheckResult> results) {
        PrintStream out = context().out();
        String indent = " ".repeat(2 + LABEL_WIDTH + 2);
        for (CheckResult r : results) {
            if (output.quiet && !r.failed()) {
                continue;
            }
            String mark = switch (r.status()) {
                case PASSED -> "✓";
                case FAILED -> "✗";
                case SKIPPED -> "–";
            };
            out.println(mark + " " + String.format("%-" + LABEL_WIDTH + "s", r.check()) + "  " + r.detail());
            if (r.hint() != null) {
                out.println(indent + (r.failed() ? "fix: " : "") + r.hint());
            }
        }
        long failed = results.stream().filter(CheckResult::failed).count();
        long skipped = results.stream().filter(r -> r.status() == CheckResult.Status.SKIPPED).count();
        if (failed > 0) {
            out.println(failed + " of " + (results.size() - skipped) + " checks failed.");
        } else if (!output.quiet) {
            out.println("All " + (results.size() - skipped) + " checks passed" + (skipped == 0 ? "." : "; "
                    + skipped + " skipped."));
        }
    }

    private static Map<String, Object> json(CheckResult r) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("check", r.check());
        json.put("ok", !r.failed());
        json.put("skipped", r.status() == CheckResult.Status.SKIPPED);
        json.put("detail", r.detail());
        json.put("hint", r.hint());
        return json;
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
