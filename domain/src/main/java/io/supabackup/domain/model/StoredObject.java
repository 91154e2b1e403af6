package io.supabackup.domain.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A file of a Storage bucket as the Storage API describes it.
 *
 * @param name             the full key inside the bucket, e.g. {@code avatars/2024/me.png}
 * @param eTag             the server's entity tag (a quoted MD5 for simple uploads)
 * @param contentType      the type the file was uploaded with ({@code metadata.mimetype}), not the
 *                         download's Content-Type, which the server may normalise
 * @param userMetadataJson the user metadata as a JSON object text, or {@code null} when there is none
 *                         or it has not been fetched
 */
public record StoredObject(String bucketId, String name, long size, String eTag, String contentType,
                           String cacheControl, String userMetadataJson, Instant lastModified, Instant createdAt) {
    public StoredObject {
        Objects.requireNonNull(bucketId, "bucketId");
        Objects.requireNonNull(name, "name");
        if (size < 0) {
            throw new IllegalArgumentException("negative size for " + bucketId + "/" + name);
        }
    }

    public StoredObject withUserMetadata(String json) {
        return new StoredObject(bucketId, name, size, eTag, contentType, cacheControl, json, lastModified, createdAt);
    }
}
