package io.supabackup.cli.command;

import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import io.supabackup.domain.port.in.CompareReport;
import io.supabackup.api.Supabackup;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code supabackup compare}: a live project held against a backup, shown as a table. */
@Command(name = "compare", sortOptions = false,
        description = "Hold a live project against a backup: per table the row count and a content hash recorded at "
                + "backup time, per bucket the files and their eTags, and the number of Auth users. Exit 3 when "
                + "anything differs. Run it after a restore to prove nothing was lost.")
final class CompareCommand extends AbstractCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "ID", defaultValue = "latest",
            description = "A backup id from 'list', or 'latest' (default).")
    String backup;

    @Option(names = "--db-url", paramLabel = "URL",
            description = "The live database (env SUPABASE_DB_URL).")
    String dbUrl;

    @Option(names = "--only", paramLabel = "PARTS", split = ",",
            description = "What to compare: db, storage, auth (default: db, plus storage and auth when the project's "
                    + "API is given).")
    List<String> only;

    @Mixin
    RepositoryOptions repository;

    @Mixin
    PostgresOptions postgres;

    @Mixin
    SupabaseOptions supabase;

    @Override
    public Integer call() {
        var api = supabase.toConfig(context(), matched("--service-role-key"));
        Set<String> parts = Parts.parse(only, api.isPresent());
        var command = new io.supabackup.domain.port.in.CompareCommand(backup,
                parts.contains("db") ? endpoint(dbUrl, "--db-url") : null, parts.contains("storage"),
                parts.contains("auth"));
        CompareReport report;
        try (Supabackup supabackup = supabackup(repository, postgres.pgBin, api)) {
            report = supabackup.compare(command);
        }
        if (output.json) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("backup", report.backup().value());
            json.put("same", report.same());
            json.put("rows", report.rows().stream().map(r -> {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("part", r.part());
                row.put("name", r.name());
                row.put("backup", r.backup());
                row.put("live", r.live());
                row.put("same", r.same());
                row.put("detail", r.detail());
                return row;
            }).toList());
            json.put("notes", report.notes());
            printJson(json);
        } else {
            print(report, context().out());
        }
        if (!report.same()) {
            throw new SupabackupException(FailureKind.PARTIAL, report.differences().size()
                    + " difference(s) between the live project and backup " + report.backup() + ": "
                    + report.differences().stream().limit(5).map(r -> r.part() + " " + r.name())
                    .collect(Collectors.joining(", ")) + (report.differences().size() > 5 ? ", …" : ""),
                    "if the project was restored from this backup, restore again; if it changed since, back it up");
        }
        return 0;
    }

    private static void print(CompareReport report, PrintStream out) {
        int width = Math.max(24, report.rows().stream().mapToInt(r -> r.name().length()).max().orElse(0));
        String format = "%-8s %-" + width + "s %10s %10s  %s%n";
        out.printf(format, "PART", "NAME", "BACKUP", "LIVE", "RESULT");
        for (CompareReport.Row r : report.rows()) {
            out.printf(format, r.part(), r.name(), r.backup() == null ? "-" : r.backup(),
                    r.live() == null ? "-" : r.live(), r.same() ? "✓" : "✗ " + r.detail());
        }
        report.notes().forEach(note -> out.println("note: " + note));
        out.println(report.same() ? "The live project matches backup " + report.backup() + "."
                : report.differences().size() + " difference(s) from backup " + report.backup() + ".");
    }
}
