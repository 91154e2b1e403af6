package io.supabackup.domain.service;

import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import io.supabackup.domain.model.DatabaseEndpoint;
import io.supabackup.domain.model.DatabaseInfo;
import io.supabackup.domain.model.DumpKind;
import io.supabackup.domain.model.DumpMode;
import io.supabackup.domain.model.EntryKind;
import io.supabackup.domain.model.Manifest;
import io.supabackup.domain.model.ManifestEntry;
import io.supabackup.domain.model.TableRef;
import io.supabackup.domain.port.in.RestoreCommand;
import io.supabackup.domain.port.in.RestoreResult;
import io.supabackup.domain.port.in.RestoreUseCase;
import io.supabackup.domain.port.in.RestorePart;
import io.supabackup.domain.port.out.AuthDirectory;
import io.supabackup.domain.port.out.BackupRepository;
import io.supabackup.domain.port.out.BackupRepository.RepositoryLock;
import io.supabackup.domain.port.out.BucketStore;
import io.supabackup.domain.port.out.BackupRepository.BackupReader;
import io.supabackup.domain.port.out.Confirmer;
import io.supabackup.domain.port.out.DatabaseImporter;
import io.supabackup.domain.port.out.ProgressListener;
import io.supabackup.domain.port.out.SqlDump;
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
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Restores a complete backup: roles, then schema, then data (or a full archive through pg_restore).
 * Refuses a target that already holds user tables unless forced, and asks before it starts.
 */
public final class RestoreService implements RestoreUseCase {
    private final BackupRepository repository;
    private final DatabaseImporter importer;
    private final Confirmer confirmer;
    private final Steps steps;
    private final ProgressListener progress;
    private final Supplier<AuthDirectory> auth;
    private final Supplier<BucketStore> storage;
    private final Clock clock;

    public RestoreService(BackupRepository repository, DatabaseImporter importer, Confirmer confirmer,
                          ProgressListener progress, Clock clock, Supplier<AuthDirectory> auth,
                          Supplier<BucketStore> storage) {
        this.storage = storage;
        this.progress = progress;
        this.auth = auth;
        this.repository = repository;
        this.importer = importer;
        this.confirmer = confirmer;
        this.steps = new Steps(progress, clock);
        this.clock = clock;
    }

    @Override
    public RestoreResult restore(RestoreCommand command) {
        // a dry run writes nothing, not even a lock
        try (RepositoryLock lock = command.dryRun() ? null : Locks.shared(repository, "restore", progress)) {
            return restoreLocked(command);
        }
    }

    private RestoreResult restoreLocked(RestoreCommand command) {
        Instant start = clock.instant();
        BackupReader reader = repository.open(command.backup());
        Manifest manifest = reader.manifest();
        boolean database = command.parts().contains(RestorePart.DATABASE);
        // the database brings auth.users itself, hashes and all; the API is for when it is not restored
        boolean authViaApi = command.parts().contains(RestorePart.AUTH) && !database;
        DatabaseEndpoint target = command.target();
        List<ManifestEntry> tableExports = manifest.entries(EntryKind.TABLE_JSON);
        if (database && command.fromJson() && tableExports.isEmpty()) {
            throw new SupabackupException(FailureKind.USAGE, "backup " + manifest.id()
                    + " has no JSON export of its tables", "drop --from-json, or back up with --table-json");
        }
        ManifestEntry users = null;
        AuthDirectory directory = null;
        if (authViaApi) {
            users = manifest.entry(BackupService.AUTH_USERS_FILE).orElseThrow(() -> new SupabackupException(
                    FailureKind.NOT_FOUND, "backup " + manifest.id() + " holds no export of the Auth users",
                    "back up with --project-url and the service role key, or restore the database, which holds auth.users"));
            directory = auth.get();
        }
        boolean files = command.parts().contains(RestorePart.STORAGE);
        BucketStore buckets = files ? storage.get() : null;
        if (files && manifest.entry(StorageTransfer.INDEX_FILE).isEmpty()) {
            throw new SupabackupException(FailureKind.NOT_FOUND, "backup " + manifest.id() + " holds no Storage files",
                    "back up with --project-url and the service role key, or leave storage out of --only");
        }
        DatabaseInfo info = database ? importer.inspect(target) : null;
        if (database && info.userTables() > 0 && !command.force()) {
            throw new SupabackupException(FailureKind.REFUSED, "the target " + target.redacted() + " already holds "
                    + info.userTables() + " table(s) in its user schemas; restoring there could mix or lose data",
                    "restore into an empty database, or add --force to restore on top of what is there");
        }
        if (command.dryRun() || !command.assumeYes()) {
            List<String> places = new ArrayList<>();
            if (database) {
                places.add(target.redacted() + (info.userTables() > 0
                        ? ", on top of its " + info.userTables() + " existing table(s)" : ""));
            }
            if (authViaApi) {
                places.add("the Auth users of " + directory.location());
            }
            if (files) {
                places.add("the Storage of " + buckets.location() + (command.storage().overwrite()
                        ? ", replacing files that differ" : ""));
            }
            String into = String.join(" and ", places);
            String what = "backup " + manifest.id() + " (" + manifest.mode().wireName() + ", from database '"
                    + manifest.source().database() + "', PostgreSQL " + manifest.source().serverVersion()
                    + ") into " + into;
            if (command.dryRun()) {
                String where = database ? target.redacted() : authViaApi ? directory.location() : buckets.location();
                return new RestoreResult(manifest, where, List.of("would restore " + what + "; nothing was changed"),
                        Duration.between(start, clock.instant()));
            }
            if (!confirmer.confirm("Restore " + what + "?")) {
                throw new SupabackupException(FailureKind.REFUSED, "restore cancelled: nothing was changed");
            }
        }
        List<String> done = new ArrayList<>();
        if (database) {
            restoreDatabase(command, reader, manifest, target, info, tableExports, done);
        }
        if (authViaApi) {
            done.add(restoreUsers(reader, manifest, users, directory));
        }
        if (files) {
            StorageTransfer.RestoreTotals[] totals = new StorageTransfer.RestoreTotals[1];
            steps.run("restore storage files", step -> {
                try {
                    totals[0] = StorageTransfer.restore(buckets, reader, manifest, command.storage().overwrite(),
                            command.storage().excluded(), command.storage().parallel(), step);
                } catch (IOException e) {
                    throw integrityOrIo(e, null, "files uploaded before the failure remain");
                }
                return totals[0].uploadedBytes();
            });
            StorageTransfer.RestoreTotals t = totals[0];
            if (t.keptDifferent() > 0) {
                progress.warning(t.keptDifferent() + " file(s) differ from the backup and were left as they are; "
                        + "add --overwrite to replace them");
            }
            done.add("restore storage files: " + t.bucketsCreated() + " bucket(s) created, " + t.uploaded()
                    + " uploaded, " + t.identical() + " already identical, " + t.keptDifferent() + " different and kept");
        }
        String where = database ? target.redacted() : authViaApi ? directory.location() : buckets.location();
        return new RestoreResult(manifest, where, done, Duration.between(start, clock.instant()));
    }

    private void restoreDatabase(RestoreCommand command, BackupReader reader, Manifest manifest,
                                 DatabaseEndpoint target, DatabaseInfo info, List<ManifestEntry> tableExports,
                                 List<String> done) {
        if (manifest.mode() == DumpMode.FULL) {
            ManifestEntry roles = required(manifest, DumpKind.ROLES);
            steps.run("restore roles", tracked -> replay(reader, target, List.of(roles), tracked));
            done.add("restore roles");
            ManifestEntry archive = required(manifest, DumpKind.FULL);
            steps.run("restore archive", tracked -> restoreArchive(reader, archive, target, command.jobs(),
                    info.userTables() > 0, tracked));
            done.add("restore archive");
        } else if (command.fromJson()) {
            List<ManifestEntry> definitions = List.of(required(manifest, DumpKind.ROLES),
                    required(manifest, DumpKind.SCHEMA));
            steps.run("restore roles and schema", tracked -> replay(reader, target, definitions, tracked));
            done.add("restore roles and schema");
            steps.run("load tables from JSON", tracked -> loadTables(reader, target, tableExports,
                    manifest.entries(EntryKind.SEQUENCES_JSON), tracked));
            done.add("load tables from JSON");
            Optional<ManifestEntry> platform = manifest.entry(DumpKind.PLATFORM.path());
            if (platform.isPresent()) {
                steps.run("restore platform objects", tracked -> replay(reader, target, List.of(platform.get()),
                        tracked));
                done.add("restore platform objects");
            }
        } else {
            // One transaction for everything: a failure anywhere leaves the target as it was.
            List<ManifestEntry> dumps = new ArrayList<>();
            for (DumpKind dump : manifest.mode().dumps()) {
                dumps.add(required(manifest, dump));
            }
            String step = "restore " + manifest.mode().dumps().stream()
                    .map(d -> d.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
            steps.run(step, tracked -> replay(reader, target, dumps, tracked));
            done.add(step);
        }
    }

    /** Creates the backup's users through the Auth API, with the password hashes the data dump holds. */
    private String restoreUsers(BackupReader reader, Manifest manifest, ManifestEntry users, AuthDirectory directory) {
        AuthDirectory.ImportReport[] report = new AuthDirectory.ImportReport[1];
        steps.run("restore auth users", () -> {
            Map<String, String> hashes = Map.of();
            Optional<ManifestEntry> data = manifest.entry(DumpKind.DATA.path());
            if (data.isPresent()) {
                try (InputStream in = reader.open(data.get())) {
                    hashes = AuthPasswordHashes.fromDataDump(in);
                } catch (IOException e) {
                    throw integrityOrIo(e, data.get(), "no user was created");
                }
            }
            try (InputStream in = reader.open(users)) {
                report[0] = directory.importUsers(in, AuthPasswordHashes.lookup(hashes));
            } catch (IOException e) {
                throw integrityOrIo(e, users, "users created before the failure remain");
            }
            return users.size();
        });
        AuthDirectory.ImportReport r = report[0];
        if (r.withoutPassword() > 0) {
            progress.warning(r.withoutPassword() + " user(s) had no password hash in the backup and will need a "
                    + "password reset");
        }
        if (!r.failures().isEmpty()) {
            throw new SupabackupException(FailureKind.PARTIAL, r.failures().size() + " user(s) could not be created, e.g. "
                    + r.failures().get(0) + " (" + r.created() + " created, " + r.alreadyPresent() + " already there)",
                    "fix the cause and run the restore again: users already there are left alone");
        }
        return "restore auth users: " + r.created() + " created, " + r.alreadyPresent() + " already there, "
                + r.withoutPassword() + " without a password";
    }

    private static ManifestEntry required(Manifest manifest, DumpKind dump) {
        return manifest.entry(dump.path()).orElseThrow(() -> new SupabackupException(FailureKind.PARTIAL,
                "backup " + manifest.id() + " lacks " + dump.path(), "restore another backup"));
    }

    private long replay(BackupReader reader, DatabaseEndpoint target, List<ManifestEntry> entries,
                        StepProgress tracked) {
        List<GuardedInputStream> streams = new ArrayList<>();
        List<SqlDump> dumps = new ArrayList<>();
        tracked.expect(plainBytes(entries), ProgressListener.UNKNOWN);
        try {
            for (ManifestEntry entry : entries) {
                GuardedInputStream in = new GuardedInputStream(tracked.counting(reader.open(entry)));
                streams.add(in);
                dumps.add(new SqlDump(dumpKind(entry), in));
            }
            importAndCheck(streams, () -> importer.restore(target, dumps));
        } finally {
            streams.forEach(GuardedInputStream::close);
        }
        return entries.stream().mapToLong(ManifestEntry::size).sum();
    }

    private static long plainBytes(List<ManifestEntry> entries) {
        return entries.stream().mapToLong(ManifestEntry::plainSize).sum();
    }

    private static DumpKind dumpKind(ManifestEntry entry) {
        for (DumpKind kind : DumpKind.values()) {
            if (kind.path().equals(entry.path())) {
                return kind;
            }
        }
        throw new IllegalArgumentException(entry.path() + " is not a database dump");
    }

    private long loadTables(BackupReader reader, DatabaseEndpoint target, List<ManifestEntry> exports,
                            List<ManifestEntry> sequences, StepProgress tracked) {
        long bytes = 0;
        tracked.expect(plainBytes(exports) + plainBytes(sequences), ProgressListener.UNKNOWN);
        for (ManifestEntry export : exports) {
            TableRef table = new TableRef(attribute(export, "schema"), attribute(export, "table"));
            try (GuardedInputStream in = new GuardedInputStream(tracked.counting(reader.open(export)))) {
                importAndCheck(List.of(in), () -> importer.importTable(target, table, in));
            }
            bytes += export.size();
        }
        for (ManifestEntry export : sequences) {
            try (GuardedInputStream in = new GuardedInputStream(tracked.counting(reader.open(export)))) {
                importAndCheck(List.of(in), () -> importer.importSequences(target, in));
            }
            bytes += export.size();
        }
        return bytes;
    }

    private long restoreArchive(BackupReader reader, ManifestEntry entry, DatabaseEndpoint target, int jobs,
                                boolean clean, StepProgress tracked) {
        // pg_restore needs a seekable file to run jobs in parallel; the copy is checked before it is used.
        Path archive = null;
        try {
            archive = Files.createTempFile("supabackup-", ".dump");
            // only the staging copy is counted: pg_restore tells nothing of its own advance
            tracked.expect(entry.plainSize(), ProgressListener.UNKNOWN);
            try (InputStream in = tracked.counting(reader.open(entry))) {
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

    private static void importAndCheck(List<GuardedInputStream> inputs, Runnable work) {
        RuntimeException failure = null;
        try {
            work.run();
        } catch (RuntimeException e) {
            failure = e;
            // Damage in an encrypted or compressed file can garble what the database sees before the
            // checksum at its end is read; reading the rest tells a damaged file from a real SQL error.
            inputs.forEach(GuardedInputStream::drainQuietly);
        }
        for (GuardedInputStream in : inputs) {
            if (in.failure != null) {
                throw integrityOrIo(in.failure, null, "the step was rolled back");
            }
        }
        if (failure != null) {
            throw failure;
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


    /** Remembers a read failure, so that it is reported as what it is whatever the importer wraps it in. */
    private static final class GuardedInputStream extends FilterInputStream {
        private volatile IOException failure;
        private volatile boolean ended;

        void drainQuietly() {
            if (failure != null || ended) {
                return;
            }
            try {
                transferTo(java.io.OutputStream.nullOutputStream());
            } catch (IOException recorded) {
                // read() kept it in failure
            }
        }

        GuardedInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                int b = super.read();
                ended |= b < 0;
                return b;
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                int n = super.read(b, off, len);
                ended |= n < 0;
                return n;
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
