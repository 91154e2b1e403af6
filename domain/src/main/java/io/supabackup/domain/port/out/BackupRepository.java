package io.supabackup.domain.port.out;

import io.supabackup.domain.model.BackupId;
import io.supabackup.domain.model.BackupSummary;
import io.supabackup.domain.model.DumpMode;
import io.supabackup.domain.model.EntryKind;
import io.supabackup.domain.model.Manifest;
import io.supabackup.domain.model.ManifestEntry;
import io.supabackup.domain.model.SourceInfo;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Backups as a whole. The format (layout, manifest, checksums) is owned by the implementation. */
public interface BackupRepository {

    /** Where the repository is, for messages. */
    String location();

    /** Starts a new backup, creating the repository if it does not exist yet. */
    BackupWriter begin();

    /** Every backup found, complete or not, oldest first. Fails with NOT_FOUND when there is no repository. */
    List<BackupSummary> list();

    /**
     * Opens a complete backup by id, or the newest complete one for {@code latest}. Fails with NOT_FOUND
     * for an unknown id and with PARTIAL for a backup without a manifest.
     */
    BackupReader open(String idOrLatest);

    /**
     * Removes a backup, complete or not: its manifest first, so that it stops counting as complete at once,
     * then its files, {@code started.json} last, so that a removal cut short leaves an incomplete backup.
     */
    void delete(BackupId id);

    /** Every shared blob stored, with the bytes it takes (content and description) and when it was last written. */
    List<StoredBlob> blobs();

    record StoredBlob(String name, long bytes, Instant lastModified) {
    }

    /** Removes a shared blob: its description first, so that a removal cut short leaves it absent, not half-there. */
    void deleteBlob(String name);

    /**
     * Takes a lock on the repository, waiting as long as configured for conflicting holders; fails with
     * {@code LOCKED} after that. Any number of shared locks may be held at once, an exclusive lock only alone.
     * The lock is refreshed in the background until it is closed.
     */
    RepositoryLock lock(LockMode mode, String purpose);

    /** The locks held on the repository, with whether each is stale. */
    List<LockStatus> locks();

    /** Removes stale locks (every lock with {@code all}) and returns them. */
    List<LockInfo> unlock(boolean all);

    enum LockMode { SHARED, EXCLUSIVE }

    /** A lock object: who holds it, and when it was last refreshed. */
    record LockInfo(String key, LockMode mode, String owner, String host, long pid, Instant refreshedAt) {
        public String describe() {
            return owner + " (pid " + pid + " on " + host + ", refreshed " + refreshedAt + ")";
        }
    }

    record LockStatus(LockInfo lock, boolean stale) {
    }

    /** A lock this process holds. */
    interface RepositoryLock extends AutoCloseable {
        LockInfo info();

        /** Releases the lock; never fails (a lock left behind goes stale). */
        @Override
        void close();
    }

    /** A backup being written. Nothing is visible as complete until {@link #commit}. */
    interface BackupWriter {
        BackupId id();

        /** Streams {@code content} into the backup at {@code path}, computing size and SHA-256 as it goes. */
        default ManifestEntry put(String path, EntryKind kind, InputStream content) {
            return put(path, kind, content, Map::of);
        }

        /**
         * Like {@link #put(String, EntryKind, InputStream)}, with attributes for the manifest that are
         * asked for once the content has been stored (a row count, say, is only known then).
         */
        ManifestEntry put(String path, EntryKind kind, InputStream content, Supplier<Map<String, String>> attributes);

        /** Writes the manifest, last, which makes the backup complete. */
        Manifest commit(DumpMode mode, SourceInfo source);

        /**
         * Stores content under a content-addressed name (the SHA-256 of the content), shared by every backup,
         * compressed unless its content type is compressed already;
         * the entry returned (path = where it is stored) is what an index records to read it back.
         */
        ManifestEntry putBlob(String name, InputStream content, String contentType);

        /** True when a blob of that name is stored completely already, so the content need not be sent again. */
        boolean blobExists(String name);

        /**
         * Says that {@link #blobExists} is about to be asked about many blobs: whatever it needs to answer
         * (a listing of the stored blobs) may be fetched now, in the background, while the caller does other
         * work. Only a hint; answers are the same without it.
         */
        default void expectBlobChecks() {
        }

        /** How a blob stored completely already is stored, read from the description saved beside it. */
        java.util.Optional<ManifestEntry> storedBlob(String name);

        /** Gives up: removes what this backup wrote so far. Safe to call after a failure of any kind. */
        void abort();
    }

    /** A complete backup being read. */
    interface BackupReader {
        Manifest manifest();

        /**
         * Opens an entry. The stream checks size and SHA-256 as it is read and throws an
         * {@link java.io.IOException} naming the file at its end if either differs.
         */
        InputStream open(ManifestEntry entry);

        /** Opens a shared blob that an index of this backup refers to, checked like {@link #open}. */
        InputStream openBlob(ManifestEntry blob);

        /** The size of the entry's stored bytes, or empty when they are missing. */
        java.util.OptionalLong storedSize(ManifestEntry entry);

        /** The size of a shared blob's stored bytes, or empty when they are missing. */
        java.util.OptionalLong storedBlobSize(ManifestEntry blob);
    }
}
