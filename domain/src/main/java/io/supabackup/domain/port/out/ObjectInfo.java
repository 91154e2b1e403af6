package io.supabackup.domain.port.out;

import java.time.Instant;
import java.util.Objects;

/** An object of an {@link ObjectStore}: its key, its size in bytes and when it was last written. */
public record ObjectInfo(String key, long size, Instant lastModified) {
    public ObjectInfo {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(lastModified, "lastModified");
    }
}
