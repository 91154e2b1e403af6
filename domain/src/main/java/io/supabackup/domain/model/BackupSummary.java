package io.supabackup.domain.model;

import java.util.Objects;
import java.util.Optional;

/** A backup as {@code list} shows it: complete ones carry their manifest, incomplete ones only what was found. */
public record BackupSummary(BackupId id, boolean complete, long storedBytes, int files, Optional<Manifest> manifest) {
    public BackupSummary {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(manifest, "manifest");
        if (complete != manifest.isPresent()) {
            throw new IllegalArgumentException("a backup is complete exactly when it has a manifest");
        }
    }
}
