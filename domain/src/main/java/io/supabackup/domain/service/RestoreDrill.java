package io.supabackup.domain.service;

import io.supabackup.domain.error.SupabackupException;
import io.supabackup.domain.model.DumpKind;
import io.supabackup.domain.model.DumpMode;
import io.supabackup.domain.model.Manifest;
import io.supabackup.domain.model.ManifestEntry;
import io.supabackup.domain.model.TableStats;
import io.supabackup.domain.port.in.CompareReport;
import io.supabackup.domain.port.in.RestoreCommand;
import io.supabackup.domain.port.in.RestorePart;
import io.supabackup.domain.port.in.StorageSelection;
import io.supabackup.domain.port.in.VerifyReport.ComponentCheck;
import io.supabackup.domain.port.out.BackupRepository.BackupReader;
import io.supabackup.domain.port.out.DatabaseExporter;
import io.supabackup.domain.port.out.DatabaseImporter;
import io.supabackup.domain.port.out.ScratchDatabases;
import io.supabackup.domain.port.out.ScratchDatabases.Scratch;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The restore test users ask for, in one step: a backup's database restored for real into a throwaway
 * PostgreSQL (prepared with the platform schemas when it is a Supabase backup), then every table's row count and
 * content hash held against those recorded at backup time. The throwaway database goes whatever happens.
 */
final class RestoreDrill {
    private final ScratchDatabases scratches;
    private final DatabaseImporter importer;
    private final DatabaseExporter exporter;
    /** Restores into a given target with the usual use case, so that the drill exercises the real restore. */
    private final Function<RestoreCommand, ?> restore;

    RestoreDrill(ScratchDatabases scratches, DatabaseImporter importer, DatabaseExporter exporter,
                 Function<RestoreCommand, ?> restore) {
        this.scratches = scratches;
        this.importer = importer;
        this.exporter = exporter;
        this.restore = restore;
    }

    ComponentCheck run(BackupReader reader) {
        Manifest manifest = reader.manifest();
        List<String> failures = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (manifest.entries().stream().noneMatch(e -> VerifyService.component(e.kind()).equals("database"))) {
            notes.add("the backup holds no database");
            return new ComponentCheck("drill", 0, 0, failures, notes);
        }
        int major = major(manifest.source().serverVersion());
        long tables = 0;
        long rows = 0;
        try (Scratch scratch = scratches.create(major)) {
            notes.add("restored into " + scratch.description());
            if (manifest.mode() == DumpMode.SUPABASE) {
                Optional<ManifestEntry> platformSchema = manifest.entry(DumpKind.PLATFORM_SCHEMA.path());
                try (InputStream sql = platformSchema.map(reader::open).orElse(null)) {
                    notes.addAll(importer.prepareScratch(scratch.endpoint(), Optional.ofNullable(sql)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                if (platformSchema.isEmpty()) {
                    notes.add("this backup has no platform schema dump (it is older): the restore needs a "
                            + "Supabase-shaped database, which --drill-db-url can name");
                }
            }
            try {
                restore.apply(new RestoreCommand(manifest.id().value(), scratch.endpoint(), true, true, false, 2,
                        Set.of(RestorePart.DATABASE), StorageSelection.NONE, false));
            } catch (SupabackupException e) {
                failures.add("the restore failed: " + e.getMessage());
                return new ComponentCheck("drill", 0, 0, failures, notes);
            }
            List<TableStats> live = exporter.tableStats(scratch.endpoint(), manifest.mode());
            tables = live.size();
            rows = live.stream().mapToLong(TableStats::rows).sum();
            Optional<ManifestEntry> recorded = manifest.entry(TableStatsFile.PATH);
            if (recorded.isEmpty()) {
                notes.add("no table stats were recorded at backup time (an older or --full backup): " + tables
                        + " tables with " + rows + " rows restored, not compared");
            } else {
                List<TableStats> expected;
                try (InputStream in = reader.open(recorded.get())) {
                    expected = TableStatsFile.read(in);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                for (CompareReport.Row row : CompareService.compareTables(expected, live)) {
                    if (!row.same()) {
                        failures.add(row.name() + ": backup " + row.backup() + " rows, restored " + row.live()
                                + (row.detail().isEmpty() ? "" : ", " + row.detail()));
                    }
                }
            }
            manifest.entry(BackupService.AUTH_USERS_FILE).ifPresent(users -> live.stream()
                    .filter(t -> t.schema().equals("auth") && t.table().equals("users")).findFirst()
                    .ifPresent(t -> notes.add("auth.users holds " + t.rows() + " users; the Auth API export "
                            + users.attributes().getOrDefault("users", "?"))));
        }
        return new ComponentCheck("drill", tables, rows, failures, notes);
    }

    static int major(String serverVersion) {
        try {
            return Integer.parseInt(serverVersion.split("[.\\s]")[0]);
        } catch (NumberFormatException e) {
            return 15;
        }
    }
}
