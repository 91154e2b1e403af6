package io.supabackup.adapters.storage.gcs;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * Settings of the Google Cloud Storage repository adapter. Every component has a default (see
 * {@link #defaults()}), and the constructor refuses a combination that cannot work, so an invalid
 * config cannot exist.
 *
 * @param projectId       the Google Cloud project, or {@code null} to take it from the credentials or the
 *                        environment; object operations do not need one
 * @param credentialsFile a service-account JSON key file, or {@code null} for Application Default Credentials
 * @param anonymous       send no credentials at all: for emulators such as fake-gcs-server
 * @param endpoint        the JSON API's root, such as {@code http://localhost:4443} for an emulator, or
 *                        {@code null} for Google's
 * @param storageClass    the storage class of new objects ({@code STANDARD}, {@code NEARLINE},
 *                        {@code COLDLINE}, {@code ARCHIVE}), or {@code null} for the bucket's default
 * @param chunkSize       bytes per request of a resumable upload, a multiple of 256 KiB; objects up to this
 *                        size go up in one request. Each upload in flight holds up to twice this in memory
 * @param retention       how long each new object is kept under object retention (the bucket must have
 *                        object retention enabled), or {@code null} for none
 * @param retentionMode   {@link RetentionMode#UNLOCKED} (an administrator can shorten or remove it) or
 *                        {@link RetentionMode#LOCKED} (nobody can, until it expires); ignored without retention
 * @param hold            a hold to place on each new object, which then cannot be deleted or replaced
 *                        until the hold is released
 */
public record GcsConfig(
        String projectId,
        Path credentialsFile,
        boolean anonymous,
        URI endpoint,
        String storageClass,
        int chunkSize,
        Duration retention,
        RetentionMode retentionMode,
        Hold hold) {

    /** The granularity of resumable uploads that the JSON API demands. */
    public static final int CHUNK_QUANTUM = 256 * 1024;
    /** The client library's own default: few requests per object, bounded memory. */
    public static final int DEFAULT_CHUNK_SIZE = 16 * 1024 * 1024;
    /** Far above any useful chunk, low enough that a handful of parallel uploads fit in a small heap. */
    public static final int MAX_CHUNK_SIZE = 256 * 1024 * 1024;

    private static final Set<String> STORAGE_CLASSES = Set.of(
            "STANDARD", "NEARLINE", "COLDLINE", "ARCHIVE",
            "REGIONAL", "MULTI_REGIONAL", "DURABLE_REDUCED_AVAILABILITY");

    /** What object retention allows once it is set. */
    public enum RetentionMode {
        UNLOCKED, LOCKED
    }

    /** A hold placed on every new object. */
    public enum Hold {
        NONE, TEMPORARY, EVENT_BASED
    }

    public GcsConfig {
        if (projectId != null && (projectId.isBlank() || !projectId.strip().equals(projectId)
                || projectId.chars().anyMatch(Character::isWhitespace))) {
            throw new IllegalArgumentException("GCS project id must not be blank or contain spaces: '"
                    + projectId + "'");
        }
        if (credentialsFile != null && anonymous) {
            throw new IllegalArgumentException(
                    "GCS credentials: give a credentials file or ask for anonymous access, not both");
        }
        endpoint = endpoint == null ? null : validEndpoint(endpoint);
        if (storageClass != null) {
            String normalised = storageClass.strip().toUpperCase(Locale.ROOT).replace('-', '_');
            if (!STORAGE_CLASSES.contains(normalised)) {
                throw new IllegalArgumentException("unknown GCS storage class '" + storageClass
                        + "'; use STANDARD, NEARLINE, COLDLINE or ARCHIVE");
            }
            storageClass = normalised;
        }
        if (chunkSize < CHUNK_QUANTUM || chunkSize > MAX_CHUNK_SIZE || chunkSize % CHUNK_QUANTUM != 0) {
            throw new IllegalArgumentException("GCS chunk size must be a multiple of 256 KiB between 256 KiB and "
                    + (MAX_CHUNK_SIZE >> 20) + " MiB, not " + chunkSize + " bytes");
        }
        if (retention != null) {
            if (retention.isNegative() || retention.isZero()) {
                throw new IllegalArgumentException("GCS object retention must be positive, not " + retention);
            }
            if (retention.getNano() != 0) {
                throw new IllegalArgumentException("GCS object retention is kept in whole seconds, not " + retention);
            }
        }
        retentionMode = retentionMode == null ? RetentionMode.UNLOCKED : retentionMode;
        hold = hold == null ? Hold.NONE : hold;
    }

    /** Application Default Credentials, Google's endpoint, the bucket's storage class, no retention, no hold. */
    public static GcsConfig defaults() {
        return new GcsConfig(null, null, false, null, null, DEFAULT_CHUNK_SIZE, null, null, null);
    }

    public GcsConfig withProjectId(String value) {
        return new GcsConfig(value, credentialsFile, anonymous, endpoint, storageClass, chunkSize, retention,
                retentionMode, hold);
    }

    public GcsConfig withCredentialsFile(Path value) {
        return new GcsConfig(projectId, value, anonymous, endpoint, storageClass, chunkSize, retention,
                retentionMode, hold);
    }

    public GcsConfig withAnonymous(boolean value) {
        return new GcsConfig(projectId, credentialsFile, value, endpoint, storageClass, chunkSize, retention,
                retentionMode, hold);
    }

    public GcsConfig withEndpoint(URI value) {
        return new GcsConfig(projectId, credentialsFile, anonymous, value, storageClass, chunkSize, retention,
                retentionMode, hold);
    }

    public GcsConfig withStorageClass(String value) {
        return new GcsConfig(projectId, credentialsFile, anonymous, endpoint, value, chunkSize, retention,
                retentionMode, hold);
    }

    public GcsConfig withChunkSize(int value) {
        return new GcsConfig(projectId, credentialsFile, anonymous, endpoint, storageClass, value, retention,
                retentionMode, hold);
    }

    public GcsConfig withRetention(Duration value, RetentionMode mode) {
        return new GcsConfig(projectId, credentialsFile, anonymous, endpoint, storageClass, chunkSize, value,
                mode, hold);
    }

    public GcsConfig withHold(Hold value) {
        return new GcsConfig(projectId, credentialsFile, anonymous, endpoint, storageClass, chunkSize, retention,
                retentionMode, value);
    }

    private static URI validEndpoint(URI endpoint) {
        String scheme = endpoint.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                || endpoint.getHost() == null) {
            throw new IllegalArgumentException("GCS endpoint must be an http(s) URL with a host, like "
                    + "http://localhost:4443: " + endpoint);
        }
        // The endpoint is printed in messages; a password in it would leak there.
        if (endpoint.getRawUserInfo() != null) {
            throw new IllegalArgumentException("GCS endpoint must not hold a user name or password");
        }
        if (endpoint.getRawQuery() != null || endpoint.getRawFragment() != null) {
            throw new IllegalArgumentException("GCS endpoint must not have a query or fragment: " + endpoint);
        }
        String path = endpoint.getRawPath();
        if (path != null && !path.isEmpty() && !path.equals("/")) {
            throw new IllegalArgumentException("GCS endpoint is a scheme, host and port only (the client adds "
                    + "/storage/v1): " + endpoint);
        }
        return URI.create(scheme.toLowerCase(Locale.ROOT) + "://" + endpoint.getRawAuthority());
    }
}
