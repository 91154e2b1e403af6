package io.supabackup.domain.model;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One file of a backup: where it lives inside the backup, what it holds, the size and SHA-256 of the
 * bytes as stored, how they were transformed ({@code compression} then {@code encryption}, each
 * {@code none} when not applied), the size and SHA-256 of the original content, and free-form
 * attributes such as the table a JSON export belongs to.
 */
public record ManifestEntry(String path, EntryKind kind, long size, String sha256,
                            String compression, String encryption, long plainSize, String plainSha256,
                            Map<String, String> attributes) {
    public ManifestEntry {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(sha256, "sha256");
        if (size < 0) {
            throw new IllegalArgumentException("negative size for " + path);
        }
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a SHA-256 for " + path + ": " + sha256);
        }
        compression = compression == null ? "none" : compression;
        encryption = encryption == null ? "none" : encryption;
        if (plainSha256 == null) {
            plainSize = size;
            plainSha256 = sha256;
        }
        if (plainSize < 0 || !plainSha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("bad plaintext size or SHA-256 for " + path);
        }
        attributes = Map.copyOf(new TreeMap<>(attributes == null ? Map.of() : attributes));
    }

    public ManifestEntry(String path, EntryKind kind, long size, String sha256) {
        this(path, kind, size, sha256, "none", "none", size, sha256, Map.of());
    }

    /** True when the stored bytes are not the content itself. */
    public boolean transformed() {
        return !compression.equals("none") || !encryption.equals("none");
    }
}
