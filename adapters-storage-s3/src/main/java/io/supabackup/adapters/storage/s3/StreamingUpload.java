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
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Uploads a stream of unknown length without holding it whole. A stream that fits in one part becomes a single
 * PUT; a longer one a multipart upload whose non-final parts are all exactly the part size (Cloudflare R2 rejects
 * anything else), aborted if anything goes wrong.
 *
 * <p>With an upload concurrency of 1 the calling thread sends the parts one after the other from one reused
 * buffer. Above 1 it reads each part into a buffer of the shared {@link PartPool} and hands it to a sending
 * thread, so that up to {@code uploadConcurrency} parts are in flight while it reads the next; parts end in any
 * order and are listed by number to complete the upload. On any failure (a part, the source stream, an
 * interruption) the parts in flight are cancelled and waited for, the upload is aborted, and the first failure
 * is thrown.
 */
final class StreamingUpload {
    private static final Logger LOG = LoggerFactory.getLogger(StreamingUpload.class);
    /** S3's limit on the parts of one upload. */
    static final int MAX_PARTS = 10_000;
    /** Small objects, the common case, never make the buffer grow to a whole part. */
    private static final int INITIAL_BUFFER = 64 * 1024;
    /**
     * Above an upload concurrency of 1, a stream is read into a buffer of its own up to this size before it takes
     * one from the pool: small objects, most of a storage backup, never wait for the budget of large ones.
     */
    static final int SMALL_OBJECT = 1 << 20;
    private static final String CONTENT_TYPE = "application/octet-stream";

    private final S3Client s3;
    private final String bucket;
    private final S3Config config;
    private final S3Failures failures;
    private final PartPool pool;
    private final int partSize;

    StreamingUpload(S3Client s3, String bucket, S3Config config, S3Failures failures, PartPool pool) {
        this.s3 = s3;
        this.bucket = bucket;
        this.config = config;
        this.failures = failures;
        this.pool = pool;
        this.partSize = Math.toIntExact(config.partSize());
        if (pool.partSize() != partSize) {
            throw new IllegalArgumentException("the part pool holds parts of " + pool.partSize() + " bytes, not "
                    + partSize);
        }
    }

    void upload(String objectKey, InputStream content, String action) throws IOException {
        PartReader reader = new PartReader(content);
        PartBuffer part = PartBuffer.growing(partSize);
        if (config.uploadConcurrency() == 1) {
            if (reader.fill(part, partSize)) {
                putObject(objectKey, part, action);
            } else {
                multipart(objectKey, reader, part, action);
            }
            return;
        }
        if (reader.read(part, Math.min(SMALL_OBJECT, partSize))) {
            putObject(objectKey, part, action);
            return;
        }
        PartBuffer first = part.moveTo(acquire(action));
        boolean handedOver = false;
        try {
            if (reader.fill(first, partSize)) {
                putObject(objectKey, first, action);
            } else {
                handedOver = true;
                concurrentMultipart(objectKey, reader, first, action);
            }
        } finally {
            if (!handedOver) {
                pool.release(first.bytes);
            }
        }
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

    private String createUpload(String objectKey) {
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
        return s3.createMultipartUpload(create.build()).uploadId();
    }

    /** One part at a time from the calling thread, {@code part} refilled after each. */
    private void multipart(String objectKey, PartReader reader, PartBuffer part, String action) throws IOException {
        String uploadId;
        try {
            uploadId = createUpload(objectKey);
        } catch (SdkException e) {
            throw failures.translate(action, e);
        }
        try {
            List<CompletedPart> parts = new ArrayList<>();
            boolean last = false;
            while (true) {
                int partNumber = parts.size() + 1;
                checkPartCount(partNumber, action);
                String etag = s3.uploadPart(b -> b.bucket(bucket).key(objectKey).uploadId(uploadId)
                                .partNumber(partNumber).contentLength((long) part.length).contentMD5(part.md5()),
                        part.body()).eTag();
                parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
                if (last) {
                    break;
                }
                part.clear();
                last = reader.fill(part, partSize);
            }
            complete(objectKey, uploadId, parts);
        } catch (IOException | RuntimeException | Error e) {
            abort(objectKey, uploadId, e);
            if (e instanceof SdkException sdk) {
                throw failures.translate(action, sdk);
            }
            throw e;
        }
    }

    /**
     * Parts read by the calling thread and sent by the pool's; {@code first}, a full part with more to follow,
     * is given back to the pool whatever happens.
     */
    private void concurrentMultipart(String objectKey, PartReader reader, PartBuffer first, String action)
            throws IOException {
        String uploadId;
        try {
            uploadId = createUpload(objectKey);
        } catch (SdkException e) {
            pool.release(first.bytes);
            throw failures.translate(action, e);
        }
        PartsInFlight sending = new PartsInFlight(objectKey, uploadId);
        PartBuffer part = first;
        try {
            boolean last = false;
            int partNumber = 0;
            while (true) {
                partNumber++;
                checkPartCount(partNumber, action);
                sending.send(partNumber, part);
                part = null;
                if (last) {
                    break;
                }
                sending.throwIfFailed();
                part = new PartBuffer(pool.acquire());
                last = reader.fill(part, partSize);
            }
            complete(objectKey, uploadId, sending.awaitAll());
        } catch (IOException | RuntimeException | Error | InterruptedException e) {
            if (part != null) {
                pool.release(part.bytes);
            }
            Throwable failure = e;
            if (e instanceof InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                failure = interruption(action, interrupted);
            }
            Throwable firstFailure = sending.fail(failure);
            sending.cancelAndAwait();
            abort(objectKey, uploadId, firstFailure);
            if (firstFailure instanceof SdkException sdk) {
                throw failures.translate(action, sdk);
            }
            if (firstFailure instanceof IOException io) {
                throw io;
            }
            if (firstFailure instanceof Error error) {
                throw error;
            }
            throw (RuntimeException) firstFailure;
        }
    }

    private void complete(String objectKey, String uploadId, List<CompletedPart> parts) {
        s3.completeMultipartUpload(b -> b.bucket(bucket).key(objectKey).uploadId(uploadId)
                .multipartUpload(m -> m.parts(parts)));
        LOG.debug("uploaded s3://{}/{} in {} parts", bucket, objectKey, parts.size());
    }

    private void checkPartCount(int partNumber, String action) throws IOException {
        if (partNumber > MAX_PARTS) {
            throw new IOException("cannot " + action + ": the stream is longer than " + MAX_PARTS
                    + " parts of " + partSize + " bytes; raise the S3 part size");
        }
    }

    private byte[] acquire(String action) throws IOException {
        try {
            return pool.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interruption(action, e);
        }
    }

    /** The same InterruptedIOException an interrupted SDK call becomes. */
    private IOException interruption(String action, InterruptedException e) {
        return failures.asIoException(action, AbortedException.builder().message("interrupted").cause(e).build());
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
     * The parts of one multipart upload handed to the pool's threads. Only the calling thread uses it, except
     * {@link #failed} and {@link #ended}, which the sending threads report to.
     */
    private final class PartsInFlight {
        private final String objectKey;
        private final String uploadId;
        /** Every part sent arrives here exactly once, when its thread is done with it, in the order they end. */
        private final BlockingQueue<SentPart> ended = new LinkedBlockingQueue<>();
        private final Set<SentPart> inFlight = new HashSet<>();
        private final List<CompletedPart> completed = new ArrayList<>();
        private final AtomicReference<Throwable> firstFailure = new AtomicReference<>();

        PartsInFlight(String objectKey, String uploadId) {
            this.objectKey = objectKey;
            this.uploadId = uploadId;
        }

        /**
         * Hands {@code part} to a sending thread once fewer than {@code uploadConcurrency} parts of this upload
         * are in flight; the part is the pool's from then on, and stays the caller's if this throws.
         */
        void send(int partNumber, PartBuffer part) throws InterruptedException {
            while (inFlight.size() >= config.uploadConcurrency()) {
                collect(ended.take());
                throwIfFailed();
            }
            for (SentPart done = ended.poll(); done != null; done = ended.poll()) {
                collect(done);
            }
            throwIfFailed();
            SentPart sent = new SentPart(this, partNumber, part);
            inFlight.add(sent);
            try {
                pool.send(sent);
            } catch (RuntimeException | Error e) {
                inFlight.remove(sent);
                throw e;
            }
        }

        /** The parts in the order of their numbers, once all have been sent. */
        List<CompletedPart> awaitAll() throws InterruptedException {
            while (!inFlight.isEmpty()) {
                collect(ended.take());
                throwIfFailed();
            }
            completed.sort(Comparator.comparing(CompletedPart::partNumber));
            return completed;
        }

        private void collect(SentPart part) {
            inFlight.remove(part);
            if (part.completed != null) {
                completed.add(part.completed);
            }
        }

        /** Throws the failure of a part, if one failed. */
        void throwIfFailed() {
            Throwable failure = firstFailure.get();
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            if (failure instanceof Error e) {
                throw e;
            }
        }

        /** A sending thread's report of a failed part. */
        void failed(Throwable failure) {
            firstFailure.compareAndSet(null, failure);
        }

        /** Records the calling thread's {@code failure}; returns the first of the upload, to be thrown. */
        Throwable fail(Throwable failure) {
            if (!firstFailure.compareAndSet(null, failure)) {
                Throwable first = firstFailure.get();
                if (first != failure) {
                    first.addSuppressed(failure);
                }
            }
            return firstFailure.get();
        }

        /**
         * Cancels the parts in flight (one not started yet is skipped, one being sent is interrupted) and waits
         * until no thread sends one any more, so that the abort that follows leaves no part behind.
         */
        void cancelAndAwait() {
            boolean interrupted = Thread.interrupted();
            for (SentPart part : inFlight) {
                part.cancel();
            }
            while (!inFlight.isEmpty()) {
                try {
                    collect(ended.take());
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** One part sent by a thread of the pool, which gives its buffer back when done. */
    private final class SentPart implements Runnable {
        private final PartsInFlight upload;
        private final int partNumber;
        private final PartBuffer part;
        /** Set when the part was stored; read by the calling thread after taking it from {@code ended}. */
        private CompletedPart completed;
        /** The thread sending the part, while it does; guarded by {@code this}, as is {@code cancelled}. */
        private Thread sender;
        private boolean cancelled;

        SentPart(PartsInFlight upload, int partNumber, PartBuffer part) {
            this.upload = upload;
            this.partNumber = partNumber;
            this.part = part;
        }

        @Override
        public void run() {
            try {
                if (start()) {
                    String etag = s3.uploadPart(b -> b.bucket(bucket).key(upload.objectKey)
                            .uploadId(upload.uploadId).partNumber(partNumber).contentLength((long) part.length)
                            .contentMD5(part.md5()), part.body()).eTag();
                    completed = CompletedPart.builder().partNumber(partNumber).eTag(etag).build();
                }
            } catch (RuntimeException | Error e) {
                upload.failed(e);
            } finally {
                stop();
                pool.release(part.bytes);
                upload.ended.add(this);
            }
        }

        private synchronized boolean start() {
            sender = cancelled ? null : Thread.currentThread();
            return !cancelled;
        }

        private synchronized void stop() {
            sender = null;
            // An interrupt meant for this part must not reach the next task of the thread.
            Thread.interrupted();
        }

        synchronized void cancel() {
            cancelled = true;
            if (sender != null) {
                sender.interrupt();
            }
        }
    }

    /**
     * Cuts a stream into parts. A full part is followed by a one-byte look-ahead, so that a stream ending exactly
     * at a part boundary never makes an empty last part; the byte begins the next part.
     */
    private static final class PartReader {
        private final InputStream in;
        private int lookahead = -1;

        PartReader(InputStream in) {
            this.in = in;
        }

        /** Reads into {@code part} until it holds {@code upTo} bytes or the stream ends; true when it ended. */
        boolean read(PartBuffer part, int upTo) throws IOException {
            if (lookahead >= 0) {
                part.bytes[part.length++] = (byte) lookahead;
                lookahead = -1;
            }
            while (part.length < upTo) {
                part.makeRoom(upTo);
                int n = in.read(part.bytes, part.length, Math.min(part.bytes.length, upTo) - part.length);
                if (n < 0) {
                    return true;
                }
                part.length += n;
            }
            return false;
        }

        /** Reads {@code part} up to a whole part; true when the stream has ended, so that it is the last. */
        boolean fill(PartBuffer part, int partSize) throws IOException {
            if (read(part, partSize)) {
                return true;
            }
            lookahead = in.read();
            return lookahead < 0;
        }
    }

    /** The bytes of one part: a buffer of its own that grows as needed, or a whole-part buffer of the pool. */
    private static final class PartBuffer {
        private byte[] bytes;
        private int length;

        PartBuffer(byte[] bytes) {
            this.bytes = bytes;
        }

        static PartBuffer growing(int partSize) {
            return new PartBuffer(new byte[Math.min(INITIAL_BUFFER, partSize)]);
        }

        /** Doubles a full buffer, to at most {@code upTo} bytes. */
        void makeRoom(int upTo) {
            if (length == bytes.length) {
                bytes = Arrays.copyOf(bytes, (int) Math.min((long) bytes.length * 2, upTo));
            }
        }

        /** The same bytes in {@code target}, a whole-part buffer. */
        PartBuffer moveTo(byte[] target) {
            System.arraycopy(bytes, 0, target, 0, length);
            PartBuffer moved = new PartBuffer(target);
            moved.length = length;
            return moved;
        }

        void clear() {
            length = 0;
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
