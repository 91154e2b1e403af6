package io.supabackup.domain.service;

import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import io.supabackup.domain.model.BackupId;
import io.supabackup.domain.model.BackupSummary;
import io.supabackup.domain.model.EntryKind;
import io.supabackup.domain.model.ManifestEntry;
import io.supabackup.domain.port.in.VerifyCommand;
import io.supabackup.domain.port.in.VerifyReport;
import io.supabackup.domain.port.in.VerifyReport.BackupCheck;
import io.supabackup.domain.port.in.VerifyReport.ComponentCheck;
import io.supabackup.domain.port.in.VerifyUseCase;
import io.supabackup.domain.port.out.BackupRepository;
import io.supabackup.domain.port.out.BackupRepository.BackupReader;
import io.supabackup.domain.port.out.BackupRepository.LockMode;
import io.supabackup.domain.port.out.BackupRepository.RepositoryLock;
import io.supabackup.domain.port.out.ProgressListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Reads backups back: every file is decrypted and decompressed as a restore would, and its stored and
 * restored sizes and SHA-256s are held against the manifest; every storage file the index names is read
 * too (or, with {@code quick}, only looked up and measured). A blob shared by several backups is read once.
 */
public final class VerifyService implements VerifyUseCase {
    private static final int BLOB_READERS = 4;

    private final BackupRepository repository;
    private final Steps steps;
    private final ProgressListener progress;

    /** Asked for only when a drill is: it needs a scratch database. */
    private final java.util.function.Supplier<RestoreDrill> drill;

    public VerifyService(BackupRepository repository, ProgressListener progress, Clock clock) {
        this(repository, progress, clock, () -> {
            throw new IllegalStateException("no restore drill was wired");
        });
    }

    /**
     * A verify that can drill: {@code scratches} is asked for a throwaway database only when a drill runs, and
     * {@code restore} is the real restore use case, which the drill runs into it.
     */
    public VerifyService(BackupRepository repository, ProgressListener progress, Clock clock,
                         java.util.function.Supplier<io.supabackup.domain.port.out.ScratchDatabases> scratches,
                         io.supabackup.domain.port.out.DatabaseImporter importer,
                         io.supabackup.domain.port.out.DatabaseExporter exporter,
                         io.supabackup.domain.port.in.RestoreUseCase restore) {
        this(repository, progress, clock, () -> new RestoreDrill(scratches.get(), importer, exporter, restore::restore));
    }

    VerifyService(BackupRepository repository, ProgressListener progress, Clock clock,
                  java.util.function.Supplier<RestoreDrill> drill) {
        this.drill = drill;
        this.repository = repository;
        this.progress = progress;
        this.steps = new Steps(progress, clock);
    }

    @Override
    public VerifyReport verify(VerifyCommand command) {
        List<BackupSummary> all = repository.list();
        List<BackupId> targets = new ArrayList<>();
        List<BackupId> incomplete = new ArrayList<>();
        if (command.all()) {
            for (BackupSummary summary : all) {
                (summary.complete() || summary.damaged() ? targets : incomplete).add(summary.id());
            }
        } else {
            targets.add(repository.open(command.backup()).manifest().id());
        }
        Set<String> blobsChecked = ConcurrentHashMap.newKeySet();
        List<BackupCheck> checks = new ArrayList<>();
        try (RepositoryLock lock = Locks.shared(repository, "verify", progress)) {
            for (BackupId id : targets) {
                BackupCheck[] check = new BackupCheck[1];
                steps.run("verify " + id, () -> {
                    check[0] = verify(id, command.quick(), command.drill(), blobsChecked);
                    return check[0].components().stream().mapToLong(ComponentCheck::bytes).sum();
                });
                checks.add(check[0]);
            }
        }
        return new VerifyReport(command.quick(), checks, incomplete);
    }

    private BackupCheck verify(BackupId id, boolean quick, boolean drillWanted, Set<String> blobsChecked) {
        BackupReader reader;
        try {
            reader = repository.open(id.value());
        } catch (SupabackupException e) {
            if (e.kind() != FailureKind.PARTIAL) {
                throw e; // a missing or wrong key is the caller's problem, not damage
            }
            return new BackupCheck(id, List.of(), e.getMessage());
        }
        Map<String, Tally> components = new LinkedHashMap<>();
        for (ManifestEntry entry : reader.manifest().entries()) {
            Tally tally = components.computeIfAbsent(component(entry.kind()), Tally::new);
            String failure = quick ? measure(entry, reader.storedSize(entry)) : read(() -> reader.open(entry), entry.path());
            tally.add(entry.size(), failure);
        }
        if (reader.manifest().entry(StorageTransfer.INDEX_FILE).isPresent()) {
            Tally storage = components.computeIfAbsent("storage", Tally::new);
            checkBlobs(reader, quick, blobsChecked, storage);
        }
        List<ComponentCheck> results = new ArrayList<>(components.values().stream().map(Tally::result).toList());
        if (drillWanted && results.stream().allMatch(ComponentCheck::ok)) {
            ComponentCheck[] drilled = new ComponentCheck[1];
            steps.run("restore drill of " + id, () -> {
                drilled[0] = drill.get().run(reader);
                return 0;
            });
            results.add(drilled[0]);
        }
        return new BackupCheck(id, results, null);
    }

    private void checkBlobs(BackupReader reader, boolean quick, Set<String> blobsChecked, Tally storage) {
        Map<String, StorageTransfer.IndexEntry> index;
        try {
            index = StorageTransfer.previousIndex(reader);
        } catch (IOException | UncheckedIOException | SupabackupException e) {
            storage.add(0, StorageTransfer.INDEX_FILE + " cannot be read: " + e.getMessage());
            return;
        }
        Map<String, StorageTransfer.IndexEntry> byBlob = new LinkedHashMap<>();
        index.values().forEach(e -> byBlob.putIfAbsent(e.blob().path(), e));
        ExecutorService readers = Executors.newFixedThreadPool(BLOB_READERS, runnable -> {
            Thread thread = new Thread(runnable, "supabackup-verify");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<?>> work = new ArrayList<>();
            for (StorageTransfer.IndexEntry entry : byBlob.values()) {
                ManifestEntry blob = entry.blob();
                if (!blobsChecked.add(blob.path())) {
                    continue;
                }
                work.add(readers.submit(() -> {
                    String failure = quick ? measure(blob, reader.storedBlobSize(blob))
                            : read(() -> reader.openBlob(blob), blob.path());
                    storage.add(blob.size(), failure == null ? null
                            : failure + " (holds " + entry.object().bucketId() + "/" + entry.object().name() + ")");
                }));
            }
            for (Future<?> future : work) {
                future.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SupabackupException(FailureKind.INTERRUPTED, "interrupted while verifying storage files");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } finally {
            readers.shutdownNow();
        }
    }

    private static String measure(ManifestEntry entry, OptionalLong stored) {
        if (stored.isEmpty()) {
            return entry.path() + " is missing";
        }
        if (stored.getAsLong() != entry.size()) {
            return entry.path() + " has " + stored.getAsLong() + " bytes, the manifest says " + entry.size();
        }
        return null;
    }

    /** Reads a file to its end; the reader's checks throw at the end if its size or SHA-256 differ. */
    private static String read(java.util.function.Supplier<InputStream> open, String path) {
        try (InputStream in = open.get()) {
            in.transferTo(OutputStream.nullOutputStream());
            return null;
        } catch (IOException | UncheckedIOException e) {
            String message = e.getMessage();
            return message != null && message.contains(path) ? message : path + ": " + message;
        } catch (SupabackupException e) {
            if (e.kind() == FailureKind.PARTIAL) {
                return e.getMessage();
            }
            throw e;
        }
    }

    static String component(EntryKind kind) {
        return switch (kind) {
            case DATABASE_ROLES, DATABASE_SCHEMA, DATABASE_DATA, DATABASE_FULL, DATABASE_PLATFORM,
                 DATABASE_PLATFORM_SCHEMA, DATABASE_STATS -> "database";
            case TABLE_JSON, SEQUENCES_JSON -> "tables";
            case STORAGE_INDEX, STORAGE_BLOB -> "storage";
            case AUTH_USERS -> "auth";
        };
    }

    /** Counts of one component, added to from several threads. */
    private static final class Tally {
        private final String component;
        private long files;
        private long bytes;
        private final List<String> failures = new ArrayList<>();

        Tally(String component) {
            this.component = component;
        }

        synchronized void add(long size, String failure) {
            files++;
            bytes += size;
            if (failure != null) {
                failures.add(failure);
            }
        }

        synchronized ComponentCheck result() {
            return new ComponentCheck(component, files, bytes, failures);
        }
    }
}
