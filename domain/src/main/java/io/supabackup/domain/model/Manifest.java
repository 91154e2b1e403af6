package io.supabackup.domain.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The record of a complete backup, written last: its presence is what makes a backup complete.
 */
public record Manifest(int formatVersion, BackupId id, String toolVersion, Instant startedAt,
                       Instant completedAt, DumpMode mode, SourceInfo source, List<ManifestEntry> entries,
                       Optional<EncryptionInfo> encryption) {
    public static final int FORMAT_VERSION = 1;

    public Manifest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(toolVersion, "toolVersion");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(completedAt, "completedAt");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(source, "source");
        entries = List.copyOf(entries);
        Objects.requireNonNull(encryption, "encryption");
    }

    /** A manifest of an unencrypted backup. */
    public Manifest(int formatVersion, BackupId id, String toolVersion, Instant startedAt, Instant completedAt,
                    DumpMode mode, SourceInfo source, List<ManifestEntry> entries) {
        this(formatVersion, id, toolVersion, startedAt, completedAt, mode, source, entries, Optional.empty());
    }

    public Optional<ManifestEntry> entry(String path) {
        return entries.stream().filter(e -> e.path().equals(path)).findFirst();
    }

    public List<ManifestEntry> entries(EntryKind kind) {
        return entries.stream().filter(e -> e.kind() == kind).toList();
    }

    public long totalSize() {
        return entries.stream().mapToLong(ManifestEntry::size).sum();
    }
}
