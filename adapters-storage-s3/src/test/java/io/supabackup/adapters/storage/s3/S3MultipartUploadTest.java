package io.supabackup.adapters.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.supabackup.domain.port.out.ObjectStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/** How streams of unknown length become single PUTs or multipart uploads, and what a failure leaves behind. */
class S3MultipartUploadTest {
    private static final int PART = (int) S3Config.MIN_PART_SIZE;
    private static final RecordingInterceptor RECORDER = new RecordingInterceptor();
    private static S3Client client;

    private String bucket;
    private ObjectStore store;

    @BeforeAll
    static void startServer() {
        client = S3MockServer.client(S3MockServer.config().build(), RECORDER);
    }

    @AfterAll
    static void closeClient() {
        client.close();
    }

    @BeforeEach
    void openStore() {
        bucket = S3MockServer.createBucket("multipart");
        store = S3ObjectStores.open(client, bucket, "repo", S3MockServer.config().build());
        RECORDER.clear();
    }

    @Test
    void streamOfThreeAndAHalfPartsUploadsAsFourPartsOfWhichOnlyTheLastIsShort() throws Exception {
        byte[] content = randomBytes(PART * 7 / 2);

        store.save("big", new ByteArrayInputStream(content));

        assertThat(RECORDER.requestsOf(CreateMultipartUploadRequest.class)).hasSize(1);
        // Parts are sent several at once and may start in any order; the upload lists them by number.
        assertThat(RECORDER.requestsOf(UploadPartRequest.class))
                .extracting(UploadPartRequest::partNumber, UploadPartRequest::contentLength)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(1, (long) PART),
                        org.assertj.core.groups.Tuple.tuple(2, (long) PART),
                        org.assertj.core.groups.Tuple.tuple(3, (long) PART),
                        org.assertj.core.groups.Tuple.tuple(4, (long) PART / 2));
        assertThat(RECORDER.requestsOf(CompleteMultipartUploadRequest.class)).singleElement()
                .satisfies(r -> assertThat(r.multipartUpload().parts()).extracting(p -> p.partNumber())
                        .containsExactly(1, 2, 3, 4));
        assertThat(RECORDER.requestsOf(PutObjectRequest.class)).isEmpty();
        assertThat(S3MockServer.admin().headObject(b -> b.bucket(bucket).key("repo/big")).eTag()).endsWith("-4\"");
        try (InputStream in = store.load("big")) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
    }

    @Test
    void streamEndingExactlyAtAPartBoundaryHasNoEmptyLastPart() throws Exception {
        byte[] content = randomBytes(PART * 2);

        store.save("boundary", new ByteArrayInputStream(content));

        assertThat(RECORDER.requestsOf(UploadPartRequest.class)).extracting(UploadPartRequest::contentLength)
                .containsExactly((long) PART, (long) PART);
        try (InputStream in = store.load("boundary")) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
    }

    @Test
    void streamThatFitsInOnePartIsASinglePut() throws Exception {
        store.save("one-part", new ByteArrayInputStream(randomBytes(PART)));
        store.save("small", new ByteArrayInputStream(randomBytes(1000)));

        assertThat(RECORDER.requestsOf(PutObjectRequest.class)).extracting(PutObjectRequest::contentLength)
                .containsExactly((long) PART, 1000L);
        assertThat(RECORDER.requestsOf(CreateMultipartUploadRequest.class)).isEmpty();
        assertThat(store.stat("one-part")).hasValueSatisfying(i -> assertThat(i.size()).isEqualTo(PART));
    }

    @Test
    void sourceFailingAfterSomePartsLeavesNoObjectAndNoPendingUpload() throws Exception {
        InputStream failing = new SequenceInputStream(new ByteArrayInputStream(randomBytes(PART * 5 / 2)),
                new InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new IOException("the dump died");
                    }
                });

        assertThatThrownBy(() -> store.save("broken", failing)).isInstanceOf(IOException.class)
                .hasMessage("the dump died");

        // The two whole parts went out before the failure, unless it cancelled one before it started.
        assertThat(RECORDER.requestsOf(UploadPartRequest.class)).hasSizeLessThanOrEqualTo(2);
        assertThat(RECORDER.requestsOf(AbortMultipartUploadRequest.class)).hasSize(1);
        assertThat(store.stat("broken")).isEmpty();
        assertThat(S3MockServer.admin().listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
        assertThat(S3MockServer.admin().listObjectsV2(b -> b.bucket(bucket)).contents()).isEmpty();
    }

    @Test
    void longGeneratedStreamUploadsPartByPartAndReadsBackIdentical() throws Exception {
        long size = 24L * PART + 123;
        DigestInputStream content = new DigestInputStream(new PseudoRandomStream(size), sha256());

        long started = System.nanoTime();
        store.save("large", content);
        long took = System.nanoTime() - started;
        // Printed for the record, never asserted: throughput depends on the machine.
        System.out.printf("uploaded %d MiB to S3Mock in %d ms (%.0f MiB/s)%n", size >> 20, took / 1_000_000,
                (size / (double) (1 << 20)) / (took / 1e9));

        assertThat(RECORDER.requestsOf(UploadPartRequest.class)).hasSize(25)
                .allSatisfy(p -> assertThat(p.contentLength()).isLessThanOrEqualTo(PART));
        MessageDigest loaded = sha256();
        try (InputStream in = new DigestInputStream(store.load("large"), loaded)) {
            assertThat(in.transferTo(OutputStream.nullOutputStream())).isEqualTo(size);
        }
        assertThat(loaded.digest()).isEqualTo(content.getMessageDigest().digest());
    }

    static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    static MessageDigest sha256() throws Exception {
        return MessageDigest.getInstance("SHA-256");
    }

    /** A long stream produced on the fly, never held in memory by the test. */
    static final class PseudoRandomStream extends InputStream {
        private final Random random = new Random(42);
        private long remaining;

        PseudoRandomStream(long size) {
            this.remaining = size;
        }

        @Override
        public int read() {
            if (remaining <= 0) {
                return -1;
            }
            remaining--;
            return random.nextInt(256);
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (remaining <= 0) {
                return -1;
            }
            int n = (int) Math.min(length, remaining);
            byte[] chunk = new byte[n];
            random.nextBytes(chunk);
            System.arraycopy(chunk, 0, buffer, offset, n);
            remaining -= n;
            return n;
        }
    }
}
