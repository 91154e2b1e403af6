package io.supabackup.domain.service;

import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import io.supabackup.domain.port.out.BackupRepository;
import io.supabackup.domain.port.out.BackupRepository.LockMode;
import io.supabackup.domain.port.out.BackupRepository.RepositoryLock;
import io.supabackup.domain.port.out.ProgressListener;

/** Shared locks for work that only reads the repository. */
final class Locks {
    private Locks() {
    }

    /**
     * A shared lock, so that no prune removes what is being read. Restores are often run with read-only
     * credentials: when the lock cannot be written the work goes on, with a warning, instead of failing.
     * A prune holding the repository still stops it (LOCKED).
     */
    static RepositoryLock shared(BackupRepository repository, String purpose, ProgressListener progress) {
        try {
            return repository.lock(LockMode.SHARED, purpose);
        } catch (SupabackupException e) {
            if (e.kind() != FailureKind.UNEXPECTED) {
                throw e;
            }
            progress.warning("could not lock the repository (" + e.getMessage() + "); going on without a lock");
            return null;
        }
    }
}
