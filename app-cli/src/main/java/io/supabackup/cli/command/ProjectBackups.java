package io.supabackup.cli.command;

import io.supabackup.api.Supabackup;
import io.supabackup.cli.CliContext;
import io.supabackup.cli.ExitCodes;
import io.supabackup.cli.Failure;
import io.supabackup.cli.config.ProjectsFile;
import io.supabackup.cli.config.ResolvedProject;
import io.supabackup.cli.wiring.Sizes;
import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import io.supabackup.domain.model.Manifest;
import io.supabackup.domain.port.in.BackupResult;
import io.supabackup.domain.port.in.PruneReport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code supabackup backup --all-projects} (or {@code --project NAME}): the backup of each project of the
 * projects file in turn, each through its own {@link Supabackup} into its own repository, and with
 * {@code --prune} the prune of its keep rules. A failed project does not stop the next; the run ends with one
 * line per project and exits 0 only when every project succeeded, else 3.
 */
final class ProjectBackups {
    /** What the command line may still say when the file describes the projects; the rest is per project. */
    private static final Set<String> ALLOWED = Set.of("--all-projects", "--project", "--projects-file", "--prune",
            "--dry-run", "--pg-bin", "--repo-connections", "--repo-retries", "--lock-wait", "--notify-url",
            "--notify-on", "--metrics-file", "--json", "--quiet", "--debug", "--config", "--help");

    private final BackupCommand command;
    private final CliContext context;

    ProjectBackups(BackupCommand command) {
        this.command = command;
        this.context = command.context();
    }

    int run() {
        refuseOptionsOfOneProject();
        ProjectsFile file = ProjectsFile.load(context.workingDirectory().resolve(command.projectsFile == null
                ? ProjectsFile.DEFAULT_FILE : command.projectsFile));
        List<ProjectsFile.Project> chosen = chosen(file);
        if (command.prune) {
            for (ProjectsFile.Project project : chosen) {
                if (project.keep().isEmpty()) {
                    throw new SupabackupException(FailureKind.USAGE, "--prune needs keep rules, and project '"
                            + project.name() + "' has none in " + file.file().getFileName(),
                            "add e.g. 'keep: { daily: 7, weekly: 4 }' to the project, or leave out --prune");
                }
            }
        }
        ReportingOptions reporting = reporting(file);
        new RunReporter(reporting, context, "backup", null); // checks --notify-on and the URL once, before any run
        boolean quiet = command.output.quiet || command.output.json;
        ProjectsFile.Defaults defaults = new ProjectsFile.Defaults(quiet, Optional.ofNullable(command.postgres.pgBin),
                command.repository.connections, command.repository.retries, command.repository.lockWait);
        List<Outcome> outcomes = new ArrayList<>();
        for (ProjectsFile.Project project : chosen) {
            if (!quiet) {
                context.err().println("supabackup: project " + project.name() + ": backing up into "
                        + project.repository().name());
            }
            outcomes.add(backUp(project, defaults, reporting));
        }
        print(outcomes);
        return outcomes.stream().allMatch(Outcome::ok) ? ExitCodes.OK : ExitCodes.PARTIAL;
    }

    private void refuseOptionsOfOneProject() {
        if (command.allProjects && command.projects != null && !command.projects.isEmpty()) {
            throw new SupabackupException(FailureKind.USAGE, "--all-projects and --project exclude each other",
                    "give --all-projects, or name the projects with --project");
        }
        for (OptionSpec option : command.spec.commandLine().getParseResult().matchedOptions()) {
            if (!ALLOWED.contains(option.longestName())) {
                throw new SupabackupException(FailureKind.USAGE, option.longestName() + " does not go with "
                        + (command.allProjects ? "--all-projects" : "--project") + ": the projects file sets it per "
                        + "project", "set it in the project's or the repository's entry of the projects file");
            }
        }
    }

    private List<ProjectsFile.Project> chosen(ProjectsFile file) {
        if (command.allProjects) {
            return file.projectNames().stream().map(file::project).toList();
        }
        Set<String> names = new LinkedHashSet<>();
        command.projects.forEach(name -> names.add(name.trim()));
        return names.stream().map(file::project).toList();
    }

    /** The command line's reporting, else the file's webhook; each project reports under its own name. */
    private ReportingOptions reporting(ProjectsFile file) {
        ReportingOptions given = command.reporting;
        ReportingOptions options = new ReportingOptions();
        options.notifyUrl = given.notifyUrl;
        if (options.notifyUrl == null || options.notifyUrl.isBlank()) {
            options.notifyUrl = file.notifyUrl().map(ref -> {
                String url = ref.resolve(context.settings()::lookupRaw);
                context.registerSecret(url);
                return url;
            }).orElse(null);
        }
        boolean onGiven = command.matched("--notify-on") || context.settings().lookup("notify-on").isPresent();
        options.notifyOn = onGiven ? given.notifyOn : file.notifyOn().orElse(given.notifyOn);
        options.metricsFile = given.metricsFile;
        return options;
    }

    private ReportingOptions reportingOf(ReportingOptions template, String project) {
        ReportingOptions options = new ReportingOptions();
        options.notifyUrl = template.notifyUrl;
        options.notifyOn = template.notifyOn;
        options.metricsFile = template.metricsFile == null ? null : metricsFileOf(template.metricsFile, project);
        options.jobName = project;
        return options;
    }

    /**
     * One metrics file per project beside the one named ({@code supabackup.prom} → {@code supabackup-prod.prom}):
     * a file holds one job's series, and node_exporter's textfile collector reads every {@code .prom} file of its
     * folder.
     */
    static Path metricsFileOf(Path file, String project) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String perProject = dot > 0 ? name.substring(0, dot) + "-" + project + name.substring(dot)
                : name + "-" + project;
        return file.resolveSibling(perProject);
    }

    private Outcome backUp(ProjectsFile.Project project, ProjectsFile.Defaults defaults, ReportingOptions reporting) {
        ReportingOptions options = reportingOf(reporting, project.name());
        String where = project.repository().url();
        RunReporter backupReporter = new RunReporter(options, context, "backup", where);
        boolean dryRun = command.dryRun;
        BackupResult backup = null;
        try {
            ResolvedProject resolved = project.resolve(context.settings()::lookupRaw, defaults, context::registerSecret);
            try (Supabackup supabackup = command.supabackup(resolved.config())) {
                backup = supabackup.backup(resolved.backupCommand(dryRun));
                if (!backup.dryRun()) {
                    Manifest m = backup.manifest();
                    backupReporter.succeeded(m.id().value(), m.totalSize(), m.entries().size());
                }
                PruneReport pruned = null;
                if (command.prune) {
                    RunReporter pruneReporter = new RunReporter(options, context, "prune", where);
                    try {
                        pruned = supabackup.prune(resolved.pruneCommand(dryRun).orElseThrow());
                    } catch (RuntimeException e) {
                        pruneReporter.failed(e);
                        throw e;
                    }
                    if (!dryRun) {
                        pruneReporter.succeeded(null, pruned.bytesRemoved(), pruned.removed().size()
                                + pruned.removedIncomplete().size() + pruned.blobsRemoved());
                    }
                }
                return new Outcome(project.name(), project.repository().name(), backup, pruned, ExitCodes.OK, null);
            }
        } catch (RuntimeException e) {
            if (backup == null) {
                backupReporter.failed(e);
            }
            return failed(project, backup, e);
        }
    }

    /** Reports the failure as the command line reports a failed command, and goes on with the next project. */
    private Outcome failed(ProjectsFile.Project project, BackupResult backup, RuntimeException e) {
        Failure failure = Failure.of(e);
        int code = failure.code();
        String message = failure.message();
        String hint = failure.hint();
        message = context.redact(message);
        context.err().println("supabackup: project " + project.name() + ": error: " + message);
        if (hint != null) {
            context.err().println("  hint: " + context.redact(hint));
        }
        if (command.output.debug) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            context.err().println(context.redact(trace.toString()));
        }
        return new Outcome(project.name(), project.repository().name(), backup, null, code, message);
    }

    private void print(List<Outcome> outcomes) {
        if (command.output.json) {
            command.printJson(outcomes.stream().map(Outcome::json).toList());
            return;
        }
        int width = outcomes.stream().mapToInt(o -> o.project().length()).max().orElse(0);
        for (Outcome outcome : outcomes) {
            context.out().println(String.format("%-" + width + "s  %s", outcome.project(), outcome.line()));
        }
        long failed = outcomes.stream().filter(o -> !o.ok()).count();
        context.out().println(outcomes.size() + " project(s): " + (outcomes.size() - failed) + " succeeded"
                + (failed == 0 ? "" : ", " + failed + " FAILED") + ".");
    }

    /** How one project's run ended; every text in it has been redacted. */
    private record Outcome(String project, String repository, BackupResult backup, PruneReport pruned, int exitCode,
                           String error) {
        boolean ok() {
            return exitCode == ExitCodes.OK;
        }

        String line() {
            if (!ok()) {
                String made = backup == null || backup.dryRun() ? ""
                        : " (backup " + backup.manifest().id() + " was made; the prune failed)";
                return "FAILED (exit " + exitCode + ")" + made + ": " + error;
            }
            if (backup.dryRun()) {
                return "dry run, into " + repository + ": " + String.join("; ", backup.plan());
            }
            Manifest m = backup.manifest();
            String line = "backup " + m.id() + " into " + repository + ": " + m.entries().size() + " file(s), "
                    + Sizes.human(m.totalSize()) + " in " + Sizes.seconds(backup.took());
            if (pruned != null) {
                line += "; pruned: " + pruned.kept().size() + " kept, "
                        + (pruned.removed().size() + pruned.removedIncomplete().size()) + " removed, "
                        + Sizes.human(pruned.bytesRemoved()) + " freed";
            }
            return line;
        }

        Map<String, Object> json() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("project", project);
            json.put("repository", repository);
            json.put("ok", ok());
            json.put("exitCode", exitCode);
            if (backup != null && !backup.dryRun()) {
                Manifest m = backup.manifest();
                json.put("id", m.id().value());
                json.put("files", m.entries().size());
                json.put("bytes", m.totalSize());
                json.put("seconds", backup.took().toMillis() / 1000.0);
            } else if (backup != null) {
                json.put("dryRun", true);
                json.put("plan", backup.plan());
            }
            if (pruned != null) {
                json.put("pruned", Map.of("kept", pruned.kept().size(),
                        "removed", pruned.removed().size() + pruned.removedIncomplete().size(),
                        "bytesRemoved", pruned.bytesRemoved()));
            }
            if (error != null) {
                json.put("error", error);
            }
            return json;
        }
    }
}
