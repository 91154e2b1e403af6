package io.supabackup.adapters.storage.s3;

import io.supabackup.domain.error.SupabackupException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Uploads a stream of unknown length without holding it whole: one part at a time in a reused buffer. A
 * stream that fits in one part becomes a single PUT; a longer one a multipart upload whose non-final parts
 * are all exactly the part size (Cloudflare R2 rejects anything else), aborted if anything goes wrong.
 */
final class StreamingUpload {
    private static final Logger LOG = LoggerFactory.getLogger(StreamingUpload.class);
    /** S3's limit on the parts of one upload. */
    static final int MAX_PARTS = 10_000;
    /** Small objects, the common case, never make the buffer grow to a whole part. */
    private static final int INITIAL_BUFFER = 64 * 1024;
    private static final String CONTENT_TYPE = "application/octet-stream";

    private final S3Client s3;
    private final String bucket;
    private final S3Config config;
    private final S3Failures failures;
    private final int partSize;

    StreamingUpload(S3Client s3, String bucket, S3Config config, S3Failures failures) {
        this.s3 = s3;
        this.bucket = bucket;
        this.config = config;
        this.failures = failures;
        this.partSize = Math.toIntExact(config.partSize());
    }

    void upload(String objectKey, InputStream content, String action) throws IOException {
        PartBuffer part = new PartBuffer(partSize);
        boolean last = part.fill(content);
        if (last) {
            putObject(objectKey, part, action);
            return;
        }
        multipart(objectKey, content, part, action);
    }

    private void putObject(String objectKey, PartBuffer part, String action) throws IOException {
        PutObjectRequest.Builder request = PutObjectRequest.builder().bucket(bucket).key(objectKey)
                .contentType(CONTENT_TYPE)
                .contentLength((long) part.length)
                .contentMD5(part.md5());
        if (config.sse() != null) {
            request.serverSideEncryption(config.sse()).ssekmsKeyId(config.kmsKeyId());
        }
        if (config.storageClass() != null) {
            request.storageClass(config.storageClass());
        }
        if (config.objectLockMode() != null) {
            request.objectLockMode(config.objectLockMode()).objectLockRetainUntilDate(retainUntil());
        }
        try {
            s3.putObject(request.build(), part.body());
        } catch (SdkException e) {
            throw failures.translate(action, e);
        }
    }

    private void multipart(String objectKey, InputStream content, PartBuffer part, String action)
            throws IOException {
        CreateMultipartUploadRequest.Builder create = CreateMultipartUploadRequest.builder()
                .bucket(bucket).key(objectKey).contentType(CONTENT_TYPE);
        if (config.sse() != null) {
            create.serverSideEncryption(config.sse()).ssekmsKeyId(config.kmsKeyId());
        }
        if (config.storageClass() != null) {
            create.storageClass(config.storageClass());
        }
        if (config.objectLockMode() != null) {
            create.objectLockMode(config.objectLockMode()).objectLockRetainUntilDate(retainUntil());
        }
        String uploadId;
        try {
            uploadId = s3.createMultipartUpload(create.build()).uploadId();
        } catch (SdkException e) {
            throw failures.translate(action, e);
        }
        try {
            List<CompletedPart> parts = new ArrayList<>();
            boolean last = false;
            while (true) {
                int partNumber = parts.size() + 1;
                if (partNumber > MAX_PARTS) {
                    throw new IOException("cannot " + action + ": the stream is longer than " + MAX_PARTS
                            + " parts of " + partSize + " bytes; raise the S3 part size");
                }
                String etag = s3.uploadPart(b -> b.bucket(bucket).key(objectKey).uploadId(uploadId)
                                .partNumber(partNumber).contentLength((long) part.length).contentMD5(part.md5()),
                        part.body()).eTag();
                parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
                if (last) {
                    break;
                }
                last = part.fill(content);
            }
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(objectKey).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
            LOG.debug("uploaded s3://{}/{} in {} parts", bucket, objectKey, parts.size());
        } catch (IOException | RuntimeException | Error e) {
            abort(objectKey, uploadId, e);
            if (e instanceof SdkException sdk) {
                throw failures.translate(action, sdk);
            }
            throw e;
        }
    }

    /** Leaves no upload behind: a dangling one costs storage for its parts until someone aborts it. */
    private void abort(String objectKey, String uploadId, Throwable failure) {
        // An interrupted thread cannot send the abort; the flag is put back once it went out.
        boolean interrupted = Thread.interrupted();
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(objectKey).uploadId(uploadId));
        } catch (SdkException | SupabackupException abortFailed) {
            LOG.warn("could not abort the multipart upload of s3://{}/{}; a bucket lifecycle rule removing "
                    + "incomplete multipart uploads cleans it up: {}", bucket, objectKey, abortFailed.toString());
            failure.addSuppressed(abortFailed);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Instant retainUntil() {
        return Instant.now().plus(Duration.ofDays(config.objectLockDays())).truncatedTo(ChronoUnit.SECONDS);
    }

    /**
     * One part of the stream in a buffer that grows up to the part size and is then reused. A full buffer is
     * followed by a one-byte look-ahead, so a stream ending exactly at a part boundary never makes an empty
     * last part.
     */
    private static final class PartBuffer {
        private final int capacity;
        private byte[] bytes;
        int length;
        private int lookahead = -1;

        PartBuffer(int capacity) {
            this.capacity = capacity;
            this.bytes = new byte[Math.min(INITIAL_BUFFER, capacity)];
        }

        /** Fills the buffer from {@code in}; true when the stream has ended, so that this part is the last. */
        boolean fill(InputStream in) throws IOException {
            length = 0;
            if (lookahead >= 0) {
                bytes[length++] = (byte) lookahead;
                lookahead = -1;
            }
            while (length < capacity) {
                if (length == bytes.length) {
                    bytes = Arrays.copyOf(bytes, (int) Math.min((long) bytes.length * 2, capacity));
                }
                int n = in.read(bytes, length, bytes.length - length);
                if (n < 0) {
                    return true;
                }
                length += n;
            }
            lookahead = in.read();
            return lookahead < 0;
        }

        RequestBody body() {
            byte[] current = bytes;
            int size = length;
            // A fresh stream per attempt, so that the SDK can send the part again on a retry.
            return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(current, 0, size), size,
                    CONTENT_TYPE);
        }

        String md5() {
            try {
                MessageDigest md5 = MessageDigest.getInstance("MD5");
                md5.update(bytes, 0, length);
                return Base64.getEncoder().encodeToString(md5.digest());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JVM has MD5", e);
            }
        }
    }
}
