package io.supabackup.domain.model;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One file of a backup: where it lives inside the backup, what it holds, its size and the SHA-256 of
 * the bytes as stored, plus how those bytes were transformed ({@code none} until compression and
 * encryption arrive) and free-form attributes such as the table a JSON export belongs to.
 */
public record ManifestEntry(String path, EntryKind kind, long size, String sha256,
                            String compression, String encryption, Map<String, String> attributes) {
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
        attributes = Map.copyOf(new TreeMap<>(attributes == null ? Map.of() : attributes));
    }

    public ManifestEntry(String path, EntryKind kind, long size, String sha256) {
        this(path, kind, size, sha256, "none", "none", Map.of());
    }
}
