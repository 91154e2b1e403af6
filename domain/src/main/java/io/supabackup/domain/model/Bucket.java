package io.supabackup.domain.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A Storage bucket with every setting a restore must bring back.
 *
 * @param fileSizeLimit    bytes, or {@code null} for no limit
 * @param allowedMimeTypes {@code null} for any type
 */
public record Bucket(String id, String name, String owner, boolean isPublic, String type, Long fileSizeLimit,
                     List<String> allowedMimeTypes, Instant createdAt, Instant updatedAt) {
    public Bucket {
        Objects.requireNonNull(id, "id");
        name = name == null ? id : name;
        allowedMimeTypes = allowedMimeTypes == null ? null : List.copyOf(allowedMimeTypes);
    }
}
