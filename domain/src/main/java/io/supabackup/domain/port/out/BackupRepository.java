package io.supabackup.domain.port.out;

import io.supabackup.domain.model.BackupId;
import io.supabackup.domain.model.BackupSummary;
import io.supabackup.domain.model.DumpMode;
import io.supabackup.domain.model.EntryKind;
import io.supabackup.domain.model.Manifest;
import io.supabackup.domain.model.ManifestEntry;
import io.supabackup.domain.model.SourceInfo;
import java.io.InputStream;
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
    }
}
