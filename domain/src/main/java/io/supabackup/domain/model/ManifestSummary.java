package io.supabackup.domain.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What anyone may read of a complete backup without its key: when, by which tool, which components,
 * how big, and which keys open it. For an unencrypted backup it is derived from the manifest itself.
 */
public record ManifestSummary(int formatVersion, BackupId id, String toolVersion, Instant startedAt,
                              Instant completedAt, DumpMode mode, Set<EntryKind> components, int files,
                              long storedBytes, Optional<EncryptionInfo> encryption) {
    public ManifestSummary {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(encryption, "encryption");
        components = Set.copyOf(components);
    }

    public static ManifestSummary of(Manifest m) {
        java.util.EnumSet<EntryKind> kinds = java.util.EnumSet.noneOf(EntryKind.class);
        m.entries().forEach(e -> kinds.add(e.kind()));
        return new ManifestSummary(m.formatVersion(), m.id(), m.toolVersion(), m.startedAt(), m.completedAt(),
                m.mode(), kinds, m.entries().size(), m.totalSize(), m.encryption());
    }
}
