package io.supabackup.testkit.supabase;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * A Storage object as the fake holds it: content plus every piece of metadata the real service keeps.
 * Immutable; an overwrite replaces it (keeping {@link #id()} and {@link #createdAt()}, as upstream's upsert does).
 */
public final class StoredObject {
    private final String bucket;
    private final String name;
    private final String id;
    private final String contentType;
    private final String cacheControl;
    private final String userMetadataJson;
    private final Instant createdAt;
    private final Instant updatedAt;
    private final Instant lastModified;
    final BlobStore.Blob blob;

    StoredObject(String bucket, String name, String id, String contentType, String cacheControl,
                 String userMetadataJson, Instant createdAt, Instant updatedAt, BlobStore.Blob blob) {
        this.bucket = bucket;
        this.name = name;
        this.id = id;
        this.contentType = contentType;
        this.cacheControl = cacheControl;
        this.userMetadataJson = userMetadataJson;
        this.createdAt = createdAt;
        this.updatedAt = updatedAt;
        this.lastModified = updatedAt;
        this.blob = blob;
    }

    public String bucket() {
        return bucket;
    }

    /** The full key, e.g. {@code folder/sub/file.txt}. */
    public String name() {
        return name;
    }

    public String id() {
        return id;
    }

    /** The type exactly as uploaded ({@code metadata.mimetype}), not the one a download answers with. */
    public String contentType() {
        return contentType;
    }

    public String cacheControl() {
        return cacheControl;
    }

    /** The user metadata as JSON text, or {@code null} when none was given. */
    public String userMetadataJson() {
        return userMetadataJson;
    }

    public JsonNode userMetadata() {
        try {
            return userMetadataJson == null ? null : Call.JSON.readTree(userMetadataJson);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long size() {
        return blob.size();
    }

    /** Lower-case hex MD5 of the content. */
    public String md5Hex() {
        return blob.md5Hex();
    }

    /** The quoted MD5, as {@code metadata.eTag} and the ETag header carry it. */
    public String eTag() {
        return "\"" + blob.md5Hex() + "\"";
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    public Instant lastModified() {
        return lastModified;
    }

    /** The whole content in memory; for very large disk-backed objects prefer {@link #openStream()}. */
    public byte[] bytes() {
        try (InputStream in = openStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public InputStream openStream() throws IOException {
        return blob.open(0, blob.size());
    }

    @Override
    public String toString() {
        return bucket + "/" + name + " (" + size() + " bytes, " + contentType + ")";
    }
}
