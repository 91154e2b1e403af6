package io.supabackup.domain.service;

import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import io.supabackup.domain.model.DatabaseEndpoint;
import io.supabackup.domain.model.DatabaseInfo;
import io.supabackup.domain.model.DumpKind;
import io.supabackup.domain.model.EntryKind;
import io.supabackup.domain.model.Manifest;
import io.supabackup.domain.model.ManifestEntry;
import io.supabackup.domain.model.TableRef;
import io.supabackup.domain.port.in.RestoreCommand;
import io.supabackup.domain.port.in.RestoreResult;
import io.supabackup.domain.port.in.RestoreUseCase;
import io.supabackup.domain.port.out.BackupRepository;
import io.supabackup.domain.port.out.BackupRepository.BackupReader;
import io.supabackup.domain.port.out.Confirmer;
import io.supabackup.domain.port.out.DatabaseImporter;
import io.supabackup.domain.port.out.ProgressListener;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Restores a complete backup: roles, then schema, then data (or a full archive through pg_restore).
 * Refuses a target that already holds user tables unless forced, and asks before it starts.
 */
public final class RestoreService implements RestoreUseCase {
    private final BackupRepository repository;
    private final DatabaseImporter importer;
    private final Confirmer confirmer;
    private final ProgressListener progress;
    private final Clock clock;

    public RestoreService(BackupRepository repository, DatabaseImporter importer, Confirmer confirmer,
                          ProgressListener progress, Clock clock) {
        this.repository = repository;
        this.importer = importer;
        this.confirmer = confirmer;
        this.progress = progress;
        this.clock = clock;
    }

    @Override
    public RestoreResult restore(RestoreCommand command) {
        Instant start = clock.instant();
        BackupReader reader = repository.open(command.backup());
        Manifest manifest = reader.manifest();
        DatabaseEndpoint target = command.target();
        List<ManifestEntry> tableExports = manifest.entries(EntryKind.TABLE_JSON);
        if (command.fromJson() && tableExports.isEmpty()) {
            throw new SupabackupException(FailureKind.USAGE, "backup " + manifest.id()
                    + " has no JSON export of its tables", "drop --from-json, or back up with --table-json");
        }
        DatabaseInfo info = importer.inspect(target);
        if (info.userTables() > 0 && !command.force()) {
            throw new SupabackupException(FailureKind.REFUSED, "the target " + target.redacted() + " already holds "
                    + info.userTables() + " table(s) in its user schemas; restoring there could mix or lose data",
                    "restore into an empty database, or add --force to restore on top of what is there");
        }
        if (!command.assumeYes()) {
            String question = "Restore backup " + manifest.id() + " (" + manifest.mode().wireName() + ", from database '"
                    + manifest.source().database() + "', PostgreSQL " + manifest.source().serverVersion()
                    + ") into " + target.redacted() + (info.userTables() > 0
                    ? ", on top of its " + info.userTables() + " existing table(s)" : "") + "?";
            if (!confirmer.confirm(question)) {
                throw new SupabackupException(FailureKind.REFUSED, "restore cancelled: nothing was changed");
            }
        }
        List<String> steps = new ArrayList<>();
        for (DumpKind dump : manifest.mode().dumps()) {
            Optional<ManifestEntry> entry = manifest.entry(dump.path());
            if (entry.isEmpty()) {
                throw new SupabackupException(FailureKind.PARTIAL, "backup " + manifest.id() + " lacks " + dump.path(),
                        "restore another backup");
            }
            String step = "restore " + dump.name().toLowerCase(Locale.ROOT);
            if (dump == DumpKind.DATA && command.fromJson()) {
                step = "load tables from JSON";
                runStep(step, () -> loadTables(reader, target, tableExports));
            } else if (dump == DumpKind.FULL) {
                runStep(step, () -> restoreArchive(reader, entry.get(), target, command.jobs(), info.userTables() > 0));
            } else {
                runStep(step, () -> {
                    try (GuardedInputStream in = new GuardedInputStream(reader.open(entry.get()))) {
                        importAndCheck(in, () -> importer.restore(target, dump, in));
                    }
                    return entry.get().size();
                });
            }
            steps.add(step);
        }
        return new RestoreResult(manifest, target.redacted(), steps, Duration.between(start, clock.instant()));
    }

    private long loadTables(BackupReader reader, DatabaseEndpoint target, List<ManifestEntry> exports) {
        long bytes = 0;
        for (ManifestEntry export : exports) {
            TableRef table = new TableRef(attribute(export, "schema"), attribute(export, "table"));
            try (GuardedInputStream in = new GuardedInputStream(reader.open(export))) {
                importAndCheck(in, () -> importer.importTable(target, table, in));
            }
            bytes += export.size();
        }
        return bytes;
    }

    private long restoreArchive(BackupReader reader, ManifestEntry entry, DatabaseEndpoint target, int jobs,
                                boolean clean) {
        // pg_restore needs a seekable file to run jobs in parallel; the copy is checked before it is used.
        Path archive = null;
        try {
            archive = Files.createTempFile("supabackup-", ".dump");
            try (InputStream in = reader.open(entry)) {
                Files.copy(in, archive, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw integrityOrIo(e, entry, "nothing was restored from it");
            }
            importer.restoreArchive(target, archive, jobs, clean);
            return entry.size();
        } catch (IOException e) {
            throw new UncheckedIOException("could not stage the archive in a temporary file", e);
        } finally {
            if (archive != null) {
                try {
                    Files.deleteIfExists(archive);
                } catch (IOException ignored) {
                    // a leftover temp file is harmless
                }
            }
        }
    }

    private static void importAndCheck(GuardedInputStream in, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            if (in.failure != null) {
                throw integrityOrIo(in.failure, null, "the step was rolled back");
            }
            throw e;
        }
        if (in.failure != null) {
            throw integrityOrIo(in.failure, null, "the step was rolled back");
        }
    }

    private static SupabackupException integrityOrIo(IOException e, ManifestEntry entry, String consequence) {
        boolean integrity = e instanceof io.supabackup.domain.repository.IntegrityException;
        return new SupabackupException(FailureKind.PARTIAL, (integrity ? "" : "could not read "
                + (entry == null ? "a backup file" : entry.path()) + ": ") + e.getMessage() + "; " + consequence,
                "restore another backup ('supabackup list' shows them)", e);
    }

    private static String attribute(ManifestEntry entry, String name) {
        String value = entry.attributes().get(name);
        if (value == null) {
            throw new SupabackupException(FailureKind.PARTIAL, entry.path() + " does not say which table it holds",
                    "restore without --from-json");
        }
        return value;
    }

    private void runStep(String step, StepWork work) {
        progress.stepStarted(step);
        Instant started = clock.instant();
        long bytes = work.run();
        progress.stepFinished(step, bytes, Duration.between(started, clock.instant()));
    }

    @FunctionalInterface
    private interface StepWork {
        long run();
    }

    /** Remembers a read failure, so that it is reported as what it is whatever the importer wraps it in. */
    private static final class GuardedInputStream extends FilterInputStream {
        private volatile IOException failure;

        GuardedInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public void close() {
            try {
                super.close();
            } catch (IOException ignored) {
                // closing a read stream loses nothing
            }
        }
    }
}
