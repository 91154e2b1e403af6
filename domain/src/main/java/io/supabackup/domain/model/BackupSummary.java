package io.supabackup.domain.model;

import java.util.Objects;
import java.util.Optional;

/**
 * A backup as {@code list} shows it: complete ones carry their summary (readable without a key) and,
 * when it could be read, their full manifest; incomplete ones only what was found, and why a manifest that
 * is there could not be read ({@code damage}).
 */
public record BackupSummary(BackupId id, boolean complete, long storedBytes, int files,
                            Optional<ManifestSummary> summary, Optional<Manifest> manifest, Optional<String> damage) {
    public BackupSummary {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(damage, "damage");
        if (complete != summary.isPresent()) {
            throw new IllegalArgumentException("a backup is complete exactly when it has a manifest");
        }
    }

    public BackupSummary(BackupId id, boolean complete, long storedBytes, int files,
                         Optional<ManifestSummary> summary, Optional<Manifest> manifest) {
        this(id, complete, storedBytes, files, summary, manifest, Optional.empty());
    }

    /** True when a manifest is there but cannot be read: the backup is damaged, not merely unfinished. */
    public boolean damaged() {
        return damage.isPresent();
    }
}
