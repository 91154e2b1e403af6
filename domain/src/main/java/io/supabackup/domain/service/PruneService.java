package io.supabackup.domain.service;

import io.supabackup.domain.error.SupabackupException;
import io.supabackup.domain.model.BackupId;
import io.supabackup.domain.model.BackupSummary;
import io.supabackup.domain.model.RetentionPolicy;
import io.supabackup.domain.port.in.PruneCommand;
import io.supabackup.domain.port.in.PruneReport;
import io.supabackup.domain.port.in.PruneUseCase;
import io.supabackup.domain.port.out.BackupRepository;
import io.supabackup.domain.port.out.BackupRepository.LockMode;
import io.supabackup.domain.port.out.BackupRepository.RepositoryLock;
import io.supabackup.domain.port.out.BackupRepository.StoredBlob;
import io.supabackup.domain.port.out.ProgressListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies a retention policy under an exclusive lock, so that no backup runs beside it: removes the complete
 * backups no rule keeps (never the newest), incomplete backups older than the grace period, and then the
 * stored files that no remaining backup's index names. Files are collected only when every remaining backup
 * could be read, since a file named by an unreadable index must not be lost.
 */
public final class PruneService implements PruneUseCase {
    private final BackupRepository repository;
    private final ProgressListener progress;
    private final Clock clock;

    public PruneService(BackupRepository repository, ProgressListener progress, Clock clock) {
        this.repository = repository;
        this.progress = progress;
        this.clock = clock;
    }

    @Override
    public PruneReport prune(PruneCommand command) {
        // a dry run takes no lock: it writes nothing, and may show what a prune would do while a backup runs
        try (RepositoryLock lock = command.dryRun() ? null : repository.lock(LockMode.EXCLUSIVE, "prune")) {
            return pruneLocked(command);
        }
    }

    private PruneReport pruneLocked(PruneCommand command) {
        Instant now = clock.instant();
        List<BackupSummary> all = repository.list();
        List<RetentionPolicy.Candidate> candidates = new ArrayList<>();
        Map<String, BackupSummary> byId = new HashMap<>();
        List<BackupId> incomplete = new ArrayList<>();
        for (BackupSummary backup : all) {
            byId.put(backup.id().value(), backup);
            if (backup.complete()) {
                candidates.add(new RetentionPolicy.Candidate(backup.id().value(),
                        backup.summary().map(s -> s.completedAt()).orElse(backup.id().time())));
            } else if (backup.id().time().plus(command.incompleteGrace()).isBefore(now)) {
                incomplete.add(backup.id());
            }
        }
        RetentionPolicy.Decision decision = command.policy().apply(candidates, now);
        List<BackupId> removed = decision.remove().stream().map(BackupId::new).sorted().toList();
        long bytes = 0;
        for (BackupId id : removed) {
            bytes += byId.get(id.value()).storedBytes();
        }
        for (BackupId id : incomplete) {
            bytes += byId.get(id.value()).storedBytes();
        }

        Set<String> referenced = new HashSet<>();
        String notCollected = null;
        for (RetentionPolicy.Kept kept : decision.keep()) {
            try {
                StorageTransfer.previousIndex(repository.open(kept.id()))
                        .values().forEach(e -> referenced.add(StorageTransfer.blobName(e.blob())));
            } catch (SupabackupException | IOException | UncheckedIOException e) {
                notCollected = "backup " + kept.id() + " could not be read (" + e.getMessage() + ")";
                break;
            }
        }
        long blobsRemoved = 0;
        long blobBytes = 0;
        long blobsKept = 0;
        List<StoredBlob> garbage = new ArrayList<>();
        if (notCollected == null) {
            Instant youngest = now.minus(command.incompleteGrace());
            for (StoredBlob blob : repository.blobs()) {
                if (referenced.contains(blob.name()) || blob.lastModified().isAfter(youngest)) {
                    blobsKept++;
                } else {
                    garbage.add(blob);
                    blobsRemoved++;
                    blobBytes += blob.bytes();
                }
            }
        } else {
            progress.warning("stored files were not collected: " + notCollected);
        }
        if (!command.dryRun()) {
            // backups first: a file is only garbage once no backup that could name it is left
            for (BackupId id : removed) {
                repository.delete(id);
            }
            for (BackupId id : incomplete) {
                repository.delete(id);
            }
            for (StoredBlob blob : garbage) {
                repository.deleteBlob(blob.name());
            }
        }
        return new PruneReport(command.dryRun(), decision.keep(), removed, incomplete, blobsRemoved, blobBytes,
                blobsKept, bytes + blobBytes, notCollected);
    }
}
