package io.supabackup.domain.port.in;

import java.util.Set;

/**
 * Which Storage files a backup or restore moves, and how many transfers run at once.
 *
 * @param included  false to leave Storage out
 * @param excluded  bucket ids left out
 * @param parallel  transfers at once
 * @param overwrite on restore, replace files whose content differs from the backup's
 */
public record StorageSelection(boolean included, Set<String> excluded, int parallel, boolean overwrite) {
    public static final StorageSelection NONE = new StorageSelection(false, Set.of(), 1, false);

    public StorageSelection {
        excluded = Set.copyOf(excluded);
        if (parallel < 1) {
            throw new IllegalArgumentException("--parallel must be at least 1, not " + parallel);
        }
    }
}
