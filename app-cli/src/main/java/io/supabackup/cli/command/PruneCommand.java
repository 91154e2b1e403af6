package io.supabackup.cli.command;

import io.supabackup.api.Supabackup;
import io.supabackup.cli.wiring.Sizes;
import io.supabackup.domain.model.BackupId;
import io.supabackup.domain.model.RetentionPolicy;
import io.supabackup.domain.port.in.PruneReport;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code supabackup prune}: applies a retention policy and collects the files no backup needs any more. */
@Command(name = "prune", sortOptions = false,
        description = "Remove the backups that no --keep-* rule keeps (never the newest complete one), incomplete "
                + "backups older than --incomplete-grace, and the Storage files no remaining backup refers to. "
                + "Runs under an exclusive lock: never beside a backup.")
final class PruneCommand extends AbstractCommand {
    @Option(names = "--keep-last", paramLabel = "N", description = "Keep the N newest backups.")
    int keepLast;

    @Option(names = "--keep-daily", paramLabel = "N", description = "Keep the newest backup of each of the last N days that have one (UTC).")
    int keepDaily;

    @Option(names = "--keep-weekly", paramLabel = "N", description = "Keep the newest backup of each of the last N ISO weeks that have one.")
    int keepWeekly;

    @Option(names = "--keep-monthly", paramLabel = "N", description = "Keep the newest backup of each of the last N months that have one.")
    int keepMonthly;

    @Option(names = "--keep-within", paramLabel = "DURATION",
            description = "Keep every backup younger than DURATION: 36h, 30d, 2w, 6m (months), 1y, or ISO-8601 P30D.")
    String keepWithin;

    @Option(names = "--incomplete-grace", paramLabel = "DURATION", defaultValue = "1h", converter = DurationConverter.class,
            description = "Leave incomplete backups, and unreferenced files, younger than this (default: ${DEFAULT-VALUE}): "
                    + "a retry may reuse what they uploaded.")
    Duration incompleteGrace;

    @Option(names = "--dry-run", description = "Show what would be removed; change nothing.")
    boolean dryRun;

    @Mixin
    RepositoryOptions repository;

    @Mixin
    ReportingOptions reporting;

    @Override
    public Integer call() {
        RunReporter reporter = new RunReporter(reporting, context(), "prune", repository.repository);
        try {
            return prune(reporter);
        } catch (RuntimeException e) {
            reporter.failed(e);
            throw e;
        }
    }

    private int prune(RunReporter reporter) {
        Duration within = keepWithin == null || keepWithin.isBlank() ? Duration.ZERO
                : RetentionPolicy.parseDuration(keepWithin);
        RetentionPolicy policy = new RetentionPolicy(keepLast, keepDaily, keepWeekly, keepMonthly, within);
        PruneReport report;
        try (Supabackup supabackup = supabackup(repository, null)) {
            report = supabackup.prune(new io.supabackup.domain.port.in.PruneCommand(policy, incompleteGrace, dryRun));
        }
        if (!dryRun) {
            reporter.succeeded(null, report.bytesRemoved(), report.removed().size() + report.removedIncomplete().size()
                    + report.blobsRemoved());
        }
        if (output.json) {
            printJson(json(report));
            return 0;
        }
        PrintStream out = context().out();
        String would = report.dryRun() ? "would remove" : "removed";
        for (RetentionPolicy.Kept kept : report.kept()) {
            out.println("keep    " + kept.id() + "  (" + String.join(", ", kept.reasons()) + ")");
        }
        for (BackupId id : report.removed()) {
            out.println((report.dryRun() ? "would remove " : "removed ") + id);
        }
        for (BackupId id : report.removedIncomplete()) {
            out.println((report.dryRun() ? "would remove " : "removed ") + id + "  (incomplete)");
        }
        if (report.blobsNotCollected() != null) {
            out.println("Storage files not collected: " + report.blobsNotCollected());
        }
        out.println((report.dryRun() ? "Dry run: " : "") + report.kept().size() + " backup(s) kept, "
                + (report.removed().size() + report.removedIncomplete().size()) + " " + would + "; "
                + report.blobsRemoved() + " unreferenced storage file(s) " + would + ", " + report.blobsKept()
                + " kept; " + Sizes.human(report.bytesRemoved()) + " " + (report.dryRun() ? "would be freed" : "freed")
                + ".");
        return 0;
    }

    private static Map<String, Object> json(PruneReport report) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("dryRun", report.dryRun());
        json.put("kept", report.kept().stream().map(k -> Map.of("id", k.id(), "reasons", k.reasons())).toList());
        json.put("removed", report.removed().stream().map(BackupId::value).toList());
        json.put("removedIncomplete", report.removedIncomplete().stream().map(BackupId::value).toList());
        json.put("blobsRemoved", report.blobsRemoved());
        json.put("blobsKept", report.blobsKept());
        json.put("bytesRemoved", report.bytesRemoved());
        if (report.blobsNotCollected() != null) {
            json.put("blobsNotCollected", report.blobsNotCollected());
        }
        return json;
    }
}
