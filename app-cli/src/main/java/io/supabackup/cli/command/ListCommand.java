package io.supabackup.cli.command;

import io.supabackup.cli.wiring.Sizes;
import io.supabackup.domain.model.BackupSummary;
import io.supabackup.domain.model.Manifest;
import io.supabackup.domain.port.in.ListBackupsUseCase;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code supabackup list}: the backups of the repository. */
@Command(name = "list", description = "List the backups in the repository, oldest first.")
final class ListCommand extends AbstractCommand {
    @Mixin
    RepositoryOptions repository;

    @Override
    public Integer call() {
        List<BackupSummary> backups = get(ListBackupsUseCase.class, repository, null).list();
        if (output.json) {
            List<Object> json = new ArrayList<>();
            backups.forEach(b -> json.add(summaryJson(b)));
            printJson(json);
            return 0;
        }
        PrintStream out = context().out();
        if (backups.isEmpty()) {
            out.println("No backups yet.");
            return 0;
        }
        String format = "%-24s %-10s %-8s %10s %5s  %s%n";
        out.printf(format, "ID", "STATUS", "MODE", "SIZE", "FILES", "DATABASE");
        for (BackupSummary b : backups) {
            out.printf(format, b.id(), b.complete() ? "complete" : "INCOMPLETE",
                    b.manifest().map(m -> m.mode().wireName()).orElse("-"), Sizes.human(b.storedBytes()), b.files(),
                    b.manifest().map(m -> m.source().database() + " (PostgreSQL " + m.source().serverVersion() + ")")
                            .orElse("-"));
        }
        return 0;
    }

    static Map<String, Object> summaryJson(BackupSummary b) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", b.id().value());
        json.put("complete", b.complete());
        json.put("storedBytes", b.storedBytes());
        json.put("files", b.files());
        b.manifest().ifPresent(m -> {
            json.put("mode", m.mode().wireName());
            json.put("startedAt", m.startedAt().toString());
            json.put("completedAt", m.completedAt().toString());
            json.put("database", m.source().database());
            json.put("serverVersion", m.source().serverVersion());
            json.put("tool", m.toolVersion());
        });
        return json;
    }

    static List<Object> entriesJson(Manifest m) {
        List<Object> entries = new ArrayList<>();
        m.entries().forEach(e -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("path", e.path());
            entry.put("kind", e.kind().wireName());
            entry.put("size", e.size());
            entry.put("sha256", e.sha256());
            entry.put("compression", e.compression());
            entry.put("encryption", e.encryption());
            entry.put("attributes", e.attributes());
            entries.add(entry);
        });
        return entries;
    }
}
