package io.supabackup.cli.command;

import io.supabackup.api.Supabackup;
import io.supabackup.cli.wiring.Sizes;
import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import io.supabackup.domain.model.BackupSummary;
import io.supabackup.domain.model.Manifest;
import io.supabackup.domain.model.ManifestSummary;
import java.io.PrintStream;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code supabackup show}: one backup in detail; an encrypted one shows its files only with its key. */
@Command(name = "show", description = "Show one backup: its source, its files with sizes and checksums.")
final class ShowCommand extends AbstractCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "ID", defaultValue = "latest",
            description = "A backup id from 'list', or 'latest' (default).")
    String backup;

    @Mixin
    RepositoryOptions repository;

    @Override
    public Integer call() {
        BackupSummary summary;
        Optional<Manifest> manifest;
        boolean sealed;
        try (Supabackup backups = supabackup(repository, null)) {
            summary = backups.show(backup);
            manifest = summary.manifest();
            sealed = summary.complete() && manifest.isEmpty();
            if (sealed) {
                try {
                    manifest = Optional.of(backups.manifest(summary.id().value()));
                } catch (SupabackupException noKey) {
                    if (noKey.kind() != FailureKind.USAGE) {
                        throw noKey;
                    }
                    // without a key the summary is all there is to show
                }
            }
        }
        if (output.json) {
            Map<String, Object> json = ListCommand.summaryJson(summary);
            manifest.ifPresent(m -> json.put("entries", ListCommand.entriesJson(m)));
            printJson(json);
            return 0;
        }
        PrintStream out = context().out();
        out.println("Backup    " + summary.id() + (summary.complete() ? "" : "  (INCOMPLETE: no manifest, cannot be restored)"));
        out.println("Stored    " + Sizes.human(summary.storedBytes()) + " in " + summary.files() + " file(s)");
        if (summary.summary().isPresent()) {
            ManifestSummary s = summary.summary().get();
            out.println("Mode      " + s.mode().wireName());
            out.println("Started   " + s.startedAt());
            out.println("Completed " + s.completedAt());
            out.println("Tool      " + s.toolVersion());
            s.encryption().ifPresent(e -> out.println("Encrypted " + e.scheme() + ", opened by " + e.describe()));
        }
        if (manifest.isPresent()) {
            Manifest m = manifest.get();
            out.println("Source    database '" + m.source().database() + "', PostgreSQL " + m.source().serverVersion()
                    + ", dumped with pg_dump " + m.source().dumpToolVersion());
            out.println();
            String format = "%-44s %-18s %10s %10s  %s%n";
            out.printf(format, "FILE", "KIND", "CONTENT", "STORED", "HOW");
            m.entries().forEach(e -> out.printf(format, e.path(), e.kind().wireName(), Sizes.human(e.plainSize()),
                    Sizes.human(e.size()), e.compression() + (e.encryption().equals("none") ? "" : "+" + e.encryption())));
        } else if (sealed) {
            out.println();
            out.println("Its files are listed in its encrypted manifest: add --decrypt-key FILE or --passphrase-file FILE.");
        }
        return 0;
    }
}
