package io.supabackup.cli.command;

import io.supabackup.api.Supabackup;
import io.supabackup.cli.wiring.Sizes;
import io.supabackup.domain.model.DatabaseEndpoint;
import java.util.Optional;
import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import io.supabackup.domain.port.in.VerifyReport;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code supabackup verify}: reads backups back and holds every file against the manifest. */
@Command(name = "verify", sortOptions = false,
        description = "Read a backup back: decrypt and decompress every file, check its size and SHA-256 against "
                + "the manifest, and check that every Storage file its index names is there. Exit 3 names every "
                + "file that fails.")
final class VerifyCommand extends AbstractCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "ID", defaultValue = "latest",
            description = "A backup id from 'list', or 'latest' (default).")
    String backup;

    @Option(names = "--all", description = "Verify every complete backup of the repository.")
    boolean all;

    @Option(names = "--quick", description = "Only check that every file is there with the right size, without reading it.")
    boolean quick;

    @Option(names = "--drill", description = "Also restore the database into a throwaway PostgreSQL (an embedded "
            + "one, or a database made on --drill-db-url's server) and compare every table's row count and content "
            + "with what was recorded at backup time.")
    boolean drill;

    @Option(names = "--drill-db-url", paramLabel = "URL", description = "A server for drills: a role there that may "
            + "CREATE DATABASE (and set session_replication_role); a database is made and dropped on it. Needed for "
            + "backups of PostgreSQL newer than 15 or projects using extensions a plain PostgreSQL lacks.")
    String drillDbUrl;

    @Mixin
    RepositoryOptions repository;

    @Mixin
    PostgresOptions postgres;

    @Mixin
    ReportingOptions reporting;

    @Override
    public Integer call() {
        RunReporter reporter = new RunReporter(reporting, context(), "verify", repository.repository);
        try {
            return verify(reporter);
        } catch (RuntimeException e) {
            reporter.failed(e);
            throw e;
        }
    }

    private int verify(RunReporter reporter) {
        Optional<DatabaseEndpoint> drillServer = drillDbUrl == null || drillDbUrl.isBlank() ? Optional.empty()
                : Optional.of(endpoint(drillDbUrl, "--drill-db-url"));
        var command = new io.supabackup.domain.port.in.VerifyCommand(backup, all, quick, drill || drillServer.isPresent());
        VerifyReport report;
        try (Supabackup supabackup = supabackup(appConfig(repository, postgres.pgBin, Optional.empty(),
                repository.crypto.toConfig(context())).withDrillServer(drillServer))) {
            report = supabackup.verify(command);
        }
        if (output.json) {
            printJson(json(report));
        } else {
            print(report, context().out());
        }
        if (!report.ok()) {
            throw new SupabackupException(FailureKind.PARTIAL, report.failures().size() + " problem(s) found: "
                    + String.join("; ", report.failures()),
                    "restore from a backup that verifies, and make a new backup soon");
        }
        reporter.succeeded(report.backups().size() == 1 ? report.backups().get(0).id().value() : null,
                report.backups().stream().flatMap(b -> b.components().stream()).mapToLong(c -> c.bytes()).sum(),
                report.backups().stream().flatMap(b -> b.components().stream()).mapToLong(c -> c.files()).sum());
        return 0;
    }

    private static void print(VerifyReport report, PrintStream out) {
        String format = "%-24s %-9s %7s %10s  %s%n";
        out.printf(format, "BACKUP", "COMPONENT", "FILES", "SIZE", "RESULT");
        for (VerifyReport.BackupCheck backup : report.backups()) {
            if (backup.problem() != null) {
                out.printf(format, backup.id(), "-", "-", "-", "✗ " + backup.problem());
                continue;
            }
            for (VerifyReport.ComponentCheck c : backup.components()) {
                boolean drilled = c.component().equals("drill");
                out.printf(format, backup.id(), c.component(), drilled ? c.files() + " tbl" : c.files(),
                        drilled ? c.bytes() + " rows" : Sizes.human(c.bytes()),
                        c.ok() ? "✓" : "✗ " + c.failures().size() + " failed");
                c.failures().forEach(f -> out.println("    ✗ " + f));
                c.notes().forEach(n -> out.println("    · " + n));
            }
        }
        report.incomplete().forEach(id -> out.printf(format, id, "-", "-", "-", "incomplete, not checked"));
        out.println(report.ok() ? (report.quick() ? "All files present with the right sizes (quick check)."
                : "All files read back intact.") : "Verification FAILED.");
    }

    private static Map<String, Object> json(VerifyReport report) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("ok", report.ok());
        json.put("quick", report.quick());
        List<Object> backups = new ArrayList<>();
        for (VerifyReport.BackupCheck backup : report.backups()) {
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("id", backup.id().value());
            b.put("ok", backup.ok());
            if (backup.problem() != null) {
                b.put("problem", backup.problem());
            }
            List<Object> components = new ArrayList<>();
            for (VerifyReport.ComponentCheck c : backup.components()) {
                Map<String, Object> component = new LinkedHashMap<>();
                component.put("component", c.component());
                component.put("files", c.files());
                component.put("bytes", c.bytes());
                component.put("failures", c.failures());
                component.put("notes", c.notes());
                components.add(component);
            }
            b.put("components", components);
            backups.add(b);
        }
        json.put("backups", backups);
        json.put("incomplete", report.incomplete().stream().map(id -> id.value()).toList());
        return json;
    }
}
