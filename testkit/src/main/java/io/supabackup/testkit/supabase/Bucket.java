package io.supabackup.testkit.supabase;

import java.time.Instant;
import java.util.List;

/**
 * A Storage bucket as the fake holds it.
 *
 * @param fileSizeLimit    bytes, or {@code null} for no bucket limit
 * @param allowedMimeTypes e.g. {@code image/*}, or {@code null} for any type
 */
public record Bucket(String id, String name, String owner, boolean isPublic, Long fileSizeLimit,
                     List<String> allowedMimeTypes, Instant createdAt, Instant updatedAt) {
    public Bucket {
        allowedMimeTypes = allowedMimeTypes == null ? null : List.copyOf(allowedMimeTypes);
    }
}
