package io.supabackup.adapters.storage.s3;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How to reach S3 or an S3-compatible store, independent of the bucket (which comes from the repository
 * URI {@code s3://bucket/prefix}). Every optional text is {@code null} when unset; blank counts as unset.
 *
 * @param region           AWS region; {@code null} asks the SDK's region chain, then falls back to {@code us-east-1}
 * @param endpoint         endpoint of an S3-compatible store (R2, MinIO, B2, Supabase); {@code null} for AWS
 * @param pathStyle        address buckets as {@code endpoint/bucket} instead of {@code bucket.endpoint}
 * @param accessKeyId      explicit access key id, together with {@code secretAccessKey}
 * @param secretAccessKey  explicit secret; never shown by {@link #toString()}
 * @param sessionToken     optional session token of temporary explicit credentials; never shown
 * @param profile          a named profile of the AWS config files, instead of explicit keys
 * @param partSize         bytes per multipart part and the largest single PUT: 5 MiB to 1 GiB; an object has at
 *                         most 10,000 parts
 * @param uploadConcurrency parts of one multipart upload sent at once, 1 to 16; 1 sends one part at a time from
 *                         the uploading thread. Above 1, the uploads through one client share a budget of
 *                         part buffers (see {@code PartPool}): {@code (uploadConcurrency + 1) * partSize}, at
 *                         most a third of the heap, however many uploads run at once
 * @param sse              server-side encryption: {@code AES256} or {@code aws:kms}
 * @param kmsKeyId         the KMS key for {@code aws:kms}; {@code null} uses the bucket's or account's default
 * @param storageClass     storage class of every object written, e.g. {@code STANDARD_IA}
 * @param objectLockMode   Object Lock retention mode of every object written: {@code GOVERNANCE} or {@code COMPLIANCE}
 * @param objectLockDays   days of Object Lock retention from the write; 0 exactly when no mode is set
 * @param maxAttempts      attempts per request, the first included, before a transient failure is reported
 * @param connectTimeout   how long to wait for a TCP connection to the endpoint
 */
public record S3Config(
        String region,
        URI endpoint,
        boolean pathStyle,
        String accessKeyId,
        String secretAccessKey,
        String sessionToken,
        String profile,
        long partSize,
        int uploadConcurrency,
        String sse,
        String kmsKeyId,
        String storageClass,
        String objectLockMode,
        int objectLockDays,
        int maxAttempts,
        Duration connectTimeout) {

    public static final long MIB = 1L << 20;
    /** S3's own lower bound for every part but the last. */
    public static final long MIN_PART_SIZE = 5 * MIB;
    /** Large enough for objects of 160 GB (10,000 parts), small enough to keep several in memory. */
    public static final long DEFAULT_PART_SIZE = 16 * MIB;
    /** Every part is buffered in a byte array. */
    public static final long MAX_PART_SIZE = 1024 * MIB;
    /**
     * Four parts in flight, as rclone sends by default: enough to keep a link busy while the next part is read,
     * and with the part being read five 16 MiB buffers (80 MiB), which fit the CLI's 256 MiB heap.
     */
    public static final int DEFAULT_UPLOAD_CONCURRENCY = 4;
    /** Beyond this, more parts in flight buy little and their buffers crowd the heap. */
    public static final int MAX_UPLOAD_CONCURRENCY = 16;
    public static final int DEFAULT_MAX_ATTEMPTS = 10;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    public static final String SSE_S3 = "AES256";
    public static final String SSE_KMS = "aws:kms";
    private static final Set<String> LOCK_MODES = Set.of("GOVERNANCE", "COMPLIANCE");
    private static final Pattern STORAGE_CLASS = Pattern.compile("[A-Z][A-Z0-9_]*");
    private static final Pattern REGION = Pattern.compile("[a-z0-9][a-z0-9-]*");

    public S3Config {
        region = blankToNull(region);
        accessKeyId = blankToNull(accessKeyId);
        secretAccessKey = blankToNull(secretAccessKey);
        sessionToken = blankToNull(sessionToken);
        profile = blankToNull(profile);
        sse = blankToNull(sse);
        kmsKeyId = blankToNull(kmsKeyId);
        storageClass = blankToNull(storageClass);
        objectLockMode = blankToNull(objectLockMode);
        connectTimeout = Objects.requireNonNullElse(connectTimeout, DEFAULT_CONNECT_TIMEOUT);

        if (region != null && !REGION.matcher(region).matches()) {
            throw new IllegalArgumentException("invalid S3 region '" + region + "': expected a name like eu-central-1");
        }
        if (endpoint != null) {
            String scheme = endpoint.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                    || endpoint.getHost() == null) {
                throw new IllegalArgumentException(
                        "invalid S3 endpoint '" + endpoint + "': expected an http(s) URL like https://host:9000");
            }
            if (endpoint.getUserInfo() != null) {
                throw new IllegalArgumentException(
                        "the S3 endpoint must not carry credentials: pass the access key and secret separately");
            }
        }
        if ((accessKeyId == null) != (secretAccessKey == null)) {
            throw new IllegalArgumentException(
                    "an S3 access key id and a secret access key go together: give both or neither");
        }
        if (sessionToken != null && accessKeyId == null) {
            throw new IllegalArgumentException("an S3 session token needs an access key id and a secret access key");
        }
        if (profile != null && accessKeyId != null) {
            throw new IllegalArgumentException("give either an AWS profile or an explicit access key, not both");
        }
        if (partSize < MIN_PART_SIZE || partSize > MAX_PART_SIZE) {
            throw new IllegalArgumentException("S3 part size must be between " + MIN_PART_SIZE / MIB + " MiB and "
                    + MAX_PART_SIZE / MIB + " MiB, not " + partSize + " bytes");
        }
        if (uploadConcurrency < 1 || uploadConcurrency > MAX_UPLOAD_CONCURRENCY) {
            throw new IllegalArgumentException("S3 upload concurrency must be between 1 and " + MAX_UPLOAD_CONCURRENCY
                    + " parts at once, not " + uploadConcurrency);
        }
        if (sse != null) {
            if (sse.equalsIgnoreCase(SSE_S3)) {
                sse = SSE_S3;
            } else if (sse.equalsIgnoreCase(SSE_KMS)) {
                sse = SSE_KMS;
            } else {
                throw new IllegalArgumentException(
                        "unknown S3 server-side encryption '" + sse + "': use " + SSE_S3 + " or " + SSE_KMS);
            }
        }
        if (kmsKeyId != null && !SSE_KMS.equals(sse)) {
            throw new IllegalArgumentException("a KMS key id needs server-side encryption " + SSE_KMS);
        }
        if (storageClass != null) {
            storageClass = storageClass.toUpperCase(Locale.ROOT);
            if (!STORAGE_CLASS.matcher(storageClass).matches()) {
                throw new IllegalArgumentException(
                        "invalid S3 storage class '" + storageClass + "': expected a name like STANDARD_IA");
            }
        }
        if (objectLockMode != null) {
            objectLockMode = objectLockMode.toUpperCase(Locale.ROOT);
            if (!LOCK_MODES.contains(objectLockMode)) {
                throw new IllegalArgumentException(
                        "unknown Object Lock mode '" + objectLockMode + "': use GOVERNANCE or COMPLIANCE");
            }
            if (objectLockDays <= 0) {
                throw new IllegalArgumentException("Object Lock mode " + objectLockMode + " needs a retention of at "
                        + "least one day");
            }
        } else if (objectLockDays != 0) {
            throw new IllegalArgumentException("an Object Lock retention of " + objectLockDays
                    + " days needs a mode: GOVERNANCE or COMPLIANCE");
        }
        if (maxAttempts < 1 || maxAttempts > 100) {
            throw new IllegalArgumentException("S3 attempts per request must be between 1 and 100, not " + maxAttempts);
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("S3 connect timeout must be positive, not " + connectTimeout);
        }
    }

    /** Everything at its default: AWS, the SDK's credential and region chains, 16 MiB parts 4 at once, no options. */
    public static S3Config defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** True when explicit keys were given. */
    public boolean hasExplicitCredentials() {
        return accessKeyId != null;
    }

    /** Which credentials requests are signed with, for messages: names the key id, never the secret. */
    public String credentialsDescription() {
        if (accessKeyId != null) {
            return "access key id " + accessKeyId + (sessionToken != null ? " with a session token" : "");
        }
        if (profile != null) {
            return "AWS profile '" + profile + "'";
        }
        return "the default AWS credential chain (environment, profile, web identity, instance role)";
    }

    @Override
    public String toString() {
        return "S3Config[region=" + region + ", endpoint=" + endpoint + ", pathStyle=" + pathStyle
                + ", accessKeyId=" + accessKeyId
                + ", secretAccessKey=" + (secretAccessKey == null ? null : "<redacted>")
                + ", sessionToken=" + (sessionToken == null ? null : "<redacted>")
                + ", profile=" + profile + ", partSize=" + partSize + ", uploadConcurrency=" + uploadConcurrency
                + ", sse=" + sse + ", kmsKeyId=" + kmsKeyId
                + ", storageClass=" + storageClass + ", objectLockMode=" + objectLockMode
                + ", objectLockDays=" + objectLockDays + ", maxAttempts=" + maxAttempts
                + ", connectTimeout=" + connectTimeout + "]";
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** Builds an {@link S3Config}; unset values keep their defaults, and {@link #build()} validates. */
    public static final class Builder {
        private String region;
        private URI endpoint;
        private boolean pathStyle;
        private String accessKeyId;
        private String secretAccessKey;
        private String sessionToken;
        private String profile;
        private long partSize = DEFAULT_PART_SIZE;
        private int uploadConcurrency = DEFAULT_UPLOAD_CONCURRENCY;
        private String sse;
        private String kmsKeyId;
        private String storageClass;
        private String objectLockMode;
        private int objectLockDays;
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;

        private Builder() {
        }

        private Builder(S3Config c) {
            region = c.region;
            endpoint = c.endpoint;
            pathStyle = c.pathStyle;
            accessKeyId = c.accessKeyId;
            secretAccessKey = c.secretAccessKey;
            sessionToken = c.sessionToken;
            profile = c.profile;
            partSize = c.partSize;
            uploadConcurrency = c.uploadConcurrency;
            sse = c.sse;
            kmsKeyId = c.kmsKeyId;
            storageClass = c.storageClass;
            objectLockMode = c.objectLockMode;
            objectLockDays = c.objectLockDays;
            maxAttempts = c.maxAttempts;
            connectTimeout = c.connectTimeout;
        }

        public Builder region(String value) {
            region = value;
            return this;
        }

        public Builder endpoint(URI value) {
            endpoint = value;
            return this;
        }

        public Builder pathStyle(boolean value) {
            pathStyle = value;
            return this;
        }

        /** Explicit static credentials; {@code sessionToken} may be {@code null}. */
        public Builder credentials(String keyId, String secret, String token) {
            accessKeyId = keyId;
            secretAccessKey = secret;
            sessionToken = token;
            return this;
        }

        public Builder profile(String value) {
            profile = value;
            return this;
        }

        public Builder partSize(long bytes) {
            partSize = bytes;
            return this;
        }

        /** Parts of one multipart upload sent at once; 1 sends them one after the other. */
        public Builder uploadConcurrency(int parts) {
            uploadConcurrency = parts;
            return this;
        }

        /** {@code AES256}, or {@code aws:kms} with an optional key id ({@code null} for the default key). */
        public Builder serverSideEncryption(String algorithm, String kmsKey) {
            sse = algorithm;
            kmsKeyId = kmsKey;
            return this;
        }

        public Builder storageClass(String value) {
            storageClass = value;
            return this;
        }

        public Builder objectLock(String mode, int days) {
            objectLockMode = mode;
            objectLockDays = days;
            return this;
        }

        public Builder maxAttempts(int value) {
            maxAttempts = value;
            return this;
        }

        public Builder connectTimeout(Duration value) {
            connectTimeout = value;
            return this;
        }

        public S3Config build() {
            return new S3Config(region, endpoint, pathStyle, accessKeyId, secretAccessKey, sessionToken, profile,
                    partSize, uploadConcurrency, sse, kmsKeyId, storageClass, objectLockMode, objectLockDays,
                    maxAttempts, connectTimeout);
        }
    }
}
