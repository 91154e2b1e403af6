package io.supabackup.cli.command;

import io.supabackup.cli.wiring.Sizes;
import io.supabackup.domain.model.BackupSummary;
import io.supabackup.domain.model.Manifest;
import io.supabackup.domain.port.in.ListBackupsUseCase;
import java.io.PrintStream;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code supabackup show}: one backup in detail. */
@Command(name = "show", description = "Show one backup: its source, its files with sizes and checksums.")
final class ShowCommand extends AbstractCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "ID", defaultValue = "latest",
            description = "A backup id from 'list', or 'latest' (default).")
    String backup;

    @Mixin
    RepositoryOptions repository;

    @Override
    public Integer call() {
        BackupSummary summary = get(ListBackupsUseCase.class, repository, null).show(backup);
        if (output.json) {
            Map<String, Object> json = ListCommand.summaryJson(summary);
            summary.manifest().ifPresent(m -> json.put("entries", ListCommand.entriesJson(m)));
            printJson(json);
            return 0;
        }
        PrintStream out = context().out();
        out.println("Backup    " + summary.id() + (summary.complete() ? "" : "  (INCOMPLETE: no manifest, cannot be restored)"));
        out.println("Stored    " + Sizes.human(summary.storedBytes()) + " in " + summary.files() + " file(s)");
        if (summary.manifest().isPresent()) {
            Manifest m = summary.manifest().get();
            out.println("Mode      " + m.mode().wireName());
            out.println("Source    database '" + m.source().database() + "', PostgreSQL " + m.source().serverVersion()
                    + ", dumped with pg_dump " + m.source().dumpToolVersion());
            out.println("Started   " + m.startedAt());
            out.println("Completed " + m.completedAt());
            out.println("Tool      " + m.toolVersion());
            out.println();
            String format = "%-44s %-16s %10s  %s%n";
            out.printf(format, "FILE", "KIND", "SIZE", "SHA-256");
            m.entries().forEach(e -> out.printf(format, e.path(), e.kind().wireName(), Sizes.human(e.size()), e.sha256()));
        }
        return 0;
    }
}
