package io.supabackup.domain.model;

import java.util.Objects;
import java.util.Optional;

/**
 * A backup as {@code list} shows it: complete ones carry their summary (readable without a key) and,
 * when it could be read, their full manifest; incomplete ones only what was found.
 */
public record BackupSummary(BackupId id, boolean complete, long storedBytes, int files,
                            Optional<ManifestSummary> summary, Optional<Manifest> manifest) {
    public BackupSummary {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(manifest, "manifest");
        if (complete != summary.isPresent()) {
            throw new IllegalArgumentException("a backup is complete exactly when it has a manifest");
        }
    }
}
