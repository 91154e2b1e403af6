package io.supabackup.cli.command;

import io.supabackup.api.Supabackup;
import io.supabackup.cli.wiring.Sizes;
import io.supabackup.domain.model.BackupSummary;
import io.supabackup.domain.model.EntryKind;
import io.supabackup.domain.model.Manifest;
import io.supabackup.domain.repository.ManifestCodec;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code supabackup list}: the backups of the repository; works without a key, even for encrypted ones. */
@Command(name = "list", description = "List the backups in the repository, oldest first.")
final class ListCommand extends AbstractCommand {
    @Mixin
    RepositoryOptions repository;

    @Override
    public Integer call() {
        List<BackupSummary> backups;
        try (Supabackup supabackup = supabackup(repository, null)) {
            backups = supabackup.list();
        }
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
        out.printf(format, "ID", "STATUS", "MODE", "SIZE", "FILES", "SOURCE");
        for (BackupSummary b : backups) {
            out.printf(format, b.id(), b.complete() ? "complete" : "INCOMPLETE",
                    b.summary().map(s -> s.mode().wireName()).orElse("-"), Sizes.human(b.storedBytes()), b.files(),
                    describeSource(b));
        }
        return 0;
    }

    private static String describeSource(BackupSummary b) {
        if (b.manifest().isPresent()) {
            Manifest m = b.manifest().get();
            return m.source().database() + " (PostgreSQL " + m.source().serverVersion() + ")";
        }
        return b.summary().flatMap(s -> s.encryption()).map(e -> "encrypted to " + e.describe()).orElse("-");
    }

    static Map<String, Object> summaryJson(BackupSummary b) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", b.id().value());
        json.put("complete", b.complete());
        json.put("storedBytes", b.storedBytes());
        json.put("files", b.files());
        b.summary().ifPresent(s -> {
            json.put("mode", s.mode().wireName());
            json.put("startedAt", s.startedAt().toString());
            json.put("completedAt", s.completedAt().toString());
            json.put("tool", s.toolVersion());
            json.put("components", s.components().stream().map(EntryKind::wireName).sorted().toList());
            s.encryption().ifPresent(e -> json.put("encryption", Map.of("scheme", e.scheme(), "keyIds", e.keyIds(),
                    "passphrase", e.passphrase())));
        });
        b.manifest().ifPresent(m -> {
            json.put("database", m.source().database());
            json.put("serverVersion", m.source().serverVersion());
        });
        return json;
    }

    static List<Object> entriesJson(Manifest m) {
        return new ArrayList<>(m.entries().stream().map(ManifestCodec::entryJson).toList());
    }
}
