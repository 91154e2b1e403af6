package io.supabackup.adapters.storage.local;

import io.supabackup.domain.port.out.ObjectStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/** Opens a directory as an {@link ObjectStore} without going through the wiring (tests, tools). */
public final class LocalObjectStores {
    private LocalObjectStores() {
    }

    /** The store rooted at {@code root}; the directory is created by the first save. */
    public static ObjectStore open(Path root) {
        return new LocalObjectStore(root);
    }

    /**
     * Deletes the leftovers of writes killed before they finished (never listed, but they take space),
     * when last written more than {@code olderThan} ago: pick an age no running write can reach.
     * Returns how many were removed.
     */
    public static int removeStaleTempFiles(Path root, Duration olderThan) throws IOException {
        return new LocalObjectStore(root).removeStaleTempFiles(olderThan);
    }
}
