package io.supabackup.adapters.storage.s3;

import io.supabackup.domain.port.out.ObjectInfo;
import io.supabackup.domain.port.out.ObjectKeys;
import io.supabackup.domain.port.out.ObjectNotFoundException;
import io.supabackup.domain.port.out.ObjectStore;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/** A bucket, or a prefix inside one, as an {@link ObjectStore}. */
final class S3ObjectStore implements ObjectStore {
    private static final Logger LOG = LoggerFactory.getLogger(S3ObjectStore.class);

    private final S3Client s3;
    private final String bucket;
    /** Empty, or the key prefix ending in {@code /} that every key of this store lives under. */
    private final String root;
    private final S3Failures failures;
    private final StreamingUpload upload;
    private final String location;

    /** A store with a budget of part buffers and sending threads of its own. */
    S3ObjectStore(S3Client s3, String bucket, String prefix, S3Config config) {
        this(s3, bucket, prefix, config, new PartPool(config));
    }

    /** A store whose uploads share {@code parts} with every other store given the same pool. */
    S3ObjectStore(S3Client s3, String bucket, String prefix, S3Config config, PartPool parts) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.bucket = requireBucket(bucket);
        String normalized = ObjectKeys.requireValidPrefix(Objects.requireNonNull(prefix, "prefix"));
        this.root = normalized.isEmpty() || normalized.endsWith("/") ? normalized : normalized + "/";
        this.failures = new S3Failures(bucket, S3Clients.endpointDescription(s3), config.credentialsDescription());
        this.upload = new StreamingUpload(s3, bucket, config, failures, parts);
        this.location = "s3://" + bucket + (root.isEmpty() ? "" : "/" + root.substring(0, root.length() - 1));
    }

    static String requireBucket(String bucket) {
        if (bucket == null || bucket.isEmpty() || bucket.contains("/") || bucket.contains("@")
                || bucket.contains(":") || bucket.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("invalid S3 bucket name '" + bucket + "'");
        }
        return bucket;
    }

    @Override
    public void save(String key, InputStream content) throws IOException {
        String objectKey = objectKey(key);
        Objects.requireNonNull(content, "content");
        upload.upload(objectKey, content, "save key '" + key + "'");
    }

    @Override
    public InputStream load(String key) throws IOException {
        String objectKey = objectKey(key);
        try {
            return new AbortingInputStream(s3.getObject(b -> b.bucket(bucket).key(objectKey)));
        } catch (NoSuchKeyException e) {
            throw new ObjectNotFoundException(key);
        } catch (NoSuchBucketException e) {
            // The port promises an IOException for an object that cannot be read; the cause says why.
            throw failures.asIoException("load key '" + key + "'", e);
        } catch (S3Exception e) {
            if (e.statusCode() == 404 && !"NoSuchBucket".equals(S3Failures.code(e))) {
                throw new ObjectNotFoundException(key);
            }
            throw failures.translate("load key '" + key + "'", e);
        } catch (SdkException e) {
            throw failures.translate("load key '" + key + "'", e);
        }
    }

    @Override
    public Optional<ObjectInfo> stat(String key) throws IOException {
        String objectKey = objectKey(key);
        try {
            HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(objectKey));
            return Optional.of(new ObjectInfo(key, head.contentLength(), orEpoch(head.lastModified())));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            // HEAD answers carry no error code: a 404 is a missing key (or a missing bucket, also no object).
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw failures.translate("stat key '" + key + "'", e);
        } catch (SdkException e) {
            throw failures.translate("stat key '" + key + "'", e);
        }
    }

    @Override
    public void list(String prefix, Consumer<ObjectInfo> consumer) throws IOException {
        ObjectKeys.requireValidPrefix(prefix);
        Objects.requireNonNull(consumer, "consumer");
        ListObjectsV2Request request = ListObjectsV2Request.builder().bucket(bucket).prefix(root + prefix).build();
        try {
            for (ListObjectsV2Response page : s3.listObjectsV2Paginator(request)) {
                for (S3Object object : page.contents()) {
                    String key = object.key().substring(root.length());
                    if (!isValidKey(key)) {
                        // Folder markers ("dir/") made by consoles and keys foreign to this store's rules.
                        LOG.debug("skipping object {} of {}: not a valid key", object.key(), location);
                        continue;
                    }
                    consumer.accept(new ObjectInfo(key, object.size() == null ? 0 : object.size(),
                            orEpoch(object.lastModified())));
                }
            }
        } catch (SdkException e) {
            throw failures.translate("list prefix '" + prefix + "'", e);
        }
    }

    @Override
    public void delete(String key) throws IOException {
        String objectKey = objectKey(key);
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(objectKey));
        } catch (NoSuchKeyException e) {
            LOG.trace("{} was already gone", key);
        } catch (SdkException e) {
            throw failures.translate("delete key '" + key + "'", e);
        }
    }

    @Override
    public boolean exists() throws IOException {
        try {
            s3.headBucket(b -> b.bucket(bucket));
            return true;
        } catch (NoSuchBucketException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw failures.translate("check the bucket", e);
        } catch (SdkException e) {
            throw failures.translate("check the bucket", e);
        }
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public String toString() {
        return location;
    }

    private String objectKey(String key) {
        return root + ObjectKeys.requireValid(key);
    }

    private static boolean isValidKey(String key) {
        try {
            ObjectKeys.requireValid(key);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Instant orEpoch(Instant instant) {
        return instant == null ? Instant.EPOCH : instant;
    }

    /**
     * Closing a download before its end would otherwise drain the rest of a possibly huge object so that the
     * connection can be reused; aborting drops the connection instead.
     */
    private static final class AbortingInputStream extends FilterInputStream {
        private final ResponseInputStream<GetObjectResponse> response;
        private final long expected;
        private long read;
        private boolean ended;

        AbortingInputStream(ResponseInputStream<GetObjectResponse> response) {
            super(response);
            this.response = response;
            Long length = response.response().contentLength();
            this.expected = length == null ? -1 : length;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count(b < 0 ? -1 : 1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            count(n);
            return n;
        }

        private void count(int n) {
            if (n < 0) {
                ended = true;
            } else {
                read += n;
                ended |= expected >= 0 && read >= expected;
            }
        }

        @Override
        public void close() throws IOException {
            if (!ended) {
                response.abort();
            }
            super.close();
        }
    }
}
