package io.supabackup.cli.command;

import io.supabackup.api.Supabackup;
import io.supabackup.cli.config.ProjectsFile;
import io.supabackup.cli.wiring.Sizes;
import io.supabackup.domain.model.DumpMode;
import io.supabackup.domain.model.Manifest;
import io.supabackup.domain.port.in.BackupResult;
import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import io.supabackup.domain.port.in.StorageSelection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code supabackup backup}: dumps the database into a new backup. */
@Command(name = "backup", description = "Back up the database into the repository.", sortOptions = false)
final class BackupCommand extends AbstractCommand {
    @Mixin
    RepositoryOptions repository;

    @Mixin
    PostgresOptions postgres;

    @Option(names = "--db-url", paramLabel = "URL",
            description = "The database to back up: postgresql://USER:PASSWORD@HOST:PORT/DB or 'host=… dbname=…' (env SUPABASE_DB_URL).")
    String dbUrl;

    @Option(names = "--full",
            description = "For a plain PostgreSQL that is not Supabase: one complete pg_dump archive (custom format) instead of Supabase's roles/schema/data dumps.")
    boolean full;

    @Option(names = "--table-json", description = "Also export each table of the user schemas as JSON Lines.")
    boolean tableJson;

    @Mixin
    SupabaseOptions supabase;

    @Mixin
    StorageOptions storage;

    @Option(names = "--only", paramLabel = "PARTS", split = ",",
            description = "What to back up: db, storage, auth, comma-separated (default: db, plus storage and auth "
                    + "when the project's API is given).")
    List<String> only;

    @Option(names = "--dry-run", description = "Connect and look, then say what would be backed up; write nothing.")
    boolean dryRun;

    @Mixin
    ReportingOptions reporting;

    @Option(names = "--all-projects",
            description = "Back up every project of the projects file, one after the other: one summary line each, "
                    + "exit 3 when any failed (see --projects-file).")
    boolean allProjects;

    @Option(names = "--project", paramLabel = "NAME", split = ",",
            description = "Back up only this project of the projects file (repeatable, or comma-separated).")
    List<String> projects;

    @Option(names = "--projects-file", paramLabel = "FILE",
            description = "The YAML file naming projects and their repositories (default: ./" + ProjectsFile.DEFAULT_FILE
                    + "; env SUPABACKUP_PROJECTS_FILE).")
    String projectsFile;

    @Option(names = "--prune",
            description = "With --all-projects or --project: after each project's backup, prune its repository by "
                    + "the project's keep rules.")
    boolean prune;

    @Override
    public Integer call() {
        if (allProjects || (projects != null && !projects.isEmpty())) {
            return new ProjectBackups(this).run();
        }
        if (prune) {
            throw new SupabackupException(FailureKind.USAGE, "--prune goes with --all-projects or --project",
                    "to prune one repository, run 'supabackup prune --keep-… N' after the backup");
        }
        RunReporter reporter = new RunReporter(reporting, context(), "backup", repository.repository);
        try {
            return backup(reporter);
        } catch (RuntimeException e) {
            reporter.failed(e);
            throw e;
        }
    }

    private int backup(RunReporter reporter) {
        var api = supabase.toConfig(context(), matched("--service-role-key"));
        Set<String> parts = Parts.parse(only, api.isPresent());
        boolean database = parts.contains("db");
        var command = new io.supabackup.domain.port.in.BackupCommand(database ? endpoint(dbUrl, "--db-url") : null,
                full ? DumpMode.FULL : DumpMode.SUPABASE, tableJson, parts.contains("auth"),
                new StorageSelection(parts.contains("storage"), Set.copyOf(storage.excludedBuckets), storage.parallel,
                        false), database, dryRun);
        BackupResult result;
        try (Supabackup supabackup = supabackup(repository, postgres.pgBin, api)) {
            result = supabackup.backup(command);
        }
        if (result.dryRun()) {
            if (output.json) {
                printJson(Map.of("dryRun", true, "plan", result.plan()));
            } else {
                context().out().println("Dry run, nothing was written. A backup would:");
                result.plan().forEach(line -> context().out().println("  " + line));
            }
            return 0;
        }
        Manifest m = result.manifest();
        reporter.succeeded(m.id().value(), m.totalSize(), m.entries().size());
        if (output.json) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("id", m.id().value());
            json.put("mode", m.mode().wireName());
            json.put("files", m.entries().size());
            json.put("bytes", m.totalSize());
            json.put("seconds", result.took().toMillis() / 1000.0);
            json.put("serverVersion", m.source().serverVersion());
            printJson(json);
        } else {
            context().out().println("Backup " + m.id() + " complete: " + m.entries().size() + " file(s), "
                    + Sizes.human(m.totalSize()) + " in " + Sizes.seconds(result.took()));
        }
        return 0;
    }
}
