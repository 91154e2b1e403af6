package io.supabackup.adapters.storage.s3;

import static io.supabackup.adapters.storage.s3.S3MultipartUploadTest.randomBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.supabackup.domain.port.out.ObjectStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.SequenceInputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/** Parts of one upload sent several at once, within one budget of part buffers, and what a failure leaves. */
@Timeout(180)
class S3ConcurrentUploadTest {
    private static final int PART = (int) S3Config.MIN_PART_SIZE;
    private static final int SMALL = StreamingUpload.SMALL_OBJECT;

    private final RecordingInterceptor recorder = new RecordingInterceptor();
    private final PartsInFlightMeter meter = new PartsInFlightMeter();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private final String bucket = S3MockServer.createBucket("concurrent");

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    @Test
    void partsOfOneUploadAreSentSeveralAtOnce() throws Exception {
        meter.firstPartWaitsForASecond(Duration.ofSeconds(3));
        byte[] content = randomBytes(PART * 6 + PART / 2);
        S3Config config = S3MockServer.config().uploadConcurrency(4).build();
        PartPool pool = new PartPool(config);
        ObjectStore store = store(config, S3MockServer.endpoint(), pool);

        store.save("k", new ByteArrayInputStream(content));

        assertThat(meter.most()).isBetween(2, 4);
        assertThat(pool.mostLent()).isLessThanOrEqualTo(5);
        assertThat(pool.lent()).isZero();
        assertThat(recorder.requestsOf(CompleteMultipartUploadRequest.class)).singleElement()
                .satisfies(r -> assertThat(r.multipartUpload().parts()).extracting(p -> p.partNumber())
                        .containsExactly(1, 2, 3, 4, 5, 6, 7));
        assertThat(loaded("repo/k")).isEqualTo(content);
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {1, SMALL - 1, SMALL, SMALL + 1, PART - 1, PART, PART + 1, 2 * PART - 1, 2 * PART,
            2 * PART + 1, 3 * PART + 12_345})
    void contentRoundTripsByteExactAroundPartBoundaries(int size) throws Exception {
        byte[] content = randomBytes(size);
        S3Config config = S3MockServer.config().uploadConcurrency(3).build();
        PartPool pool = new PartPool(config);

        store(config, S3MockServer.endpoint(), pool).save("k", new ByteArrayInputStream(content));

        int parts = (size + PART - 1) / PART;
        if (parts == 1) {
            assertThat(recorder.requestsOf(PutObjectRequest.class)).extracting(PutObjectRequest::contentLength)
                    .containsExactly((long) size);
            assertThat(recorder.requestsOf(UploadPartRequest.class)).isEmpty();
        } else {
            List<UploadPartRequest> sent = recorder.requestsOf(UploadPartRequest.class).stream()
                    .sorted(Comparator.comparing(UploadPartRequest::partNumber)).toList();
            assertThat(sent).extracting(UploadPartRequest::partNumber)
                    .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, parts).boxed().toList());
            assertThat(sent.subList(0, parts - 1)).allSatisfy(p -> assertThat(p.contentLength()).isEqualTo(PART));
            assertThat(sent.get(parts - 1).contentLength()).isEqualTo(size - (long) (parts - 1) * PART);
        }
        // Small objects are read into a buffer of their own and never wait for the budget of large ones.
        if (size < SMALL) {
            assertThat(pool.mostLent()).isZero();
        } else {
            assertThat(pool.mostLent()).isBetween(1, Math.min(parts + 1, pool.limit()));
        }
        assertThat(pool.lent()).isZero();
        assertThat(loaded("repo/k")).isEqualTo(content);
    }

    @Test
    void uploadConcurrencyOfOneSendsOnePartAtATimeWithoutThePool() throws Exception {
        meter.firstPartWaitsForASecond(Duration.ofMillis(300));
        byte[] content = randomBytes(PART * 3 + 1);
        S3Config config = S3MockServer.config().uploadConcurrency(1).build();
        PartPool pool = new PartPool(config);

        store(config, S3MockServer.endpoint(), pool).save("k", new ByteArrayInputStream(content));

        assertThat(meter.most()).isEqualTo(1);
        assertThat(recorder.requestsOf(UploadPartRequest.class)).extracting(UploadPartRequest::partNumber)
                .containsExactly(1, 2, 3, 4);
        assertThat(pool.mostLent()).isZero();
        assertThat(loaded("repo/k")).isEqualTo(content);
    }

    @Test
    void aPartFailingInTheMiddleAbortsTheUploadAfterThePartsInFlightEnded() throws Exception {
        Pattern thirdPart = Pattern.compile("(^|&)partNumber=3(&|$)");
        try (FaultProxy proxy = new FaultProxy(S3MockServer.endpoint(), (method, query) ->
                method.equals("PUT") && query != null && thirdPart.matcher(query).find()
                        ? new FaultProxy.Fault(400, "InvalidRequest", "rejected by the fault proxy") : null)) {
            S3Config config = S3MockServer.config().endpoint(proxy.endpoint()).uploadConcurrency(4).build();
            PartPool pool = new PartPool(config);
            ObjectStore store = store(config, proxy.endpoint(), pool);

            assertThatThrownBy(() -> store.save("k", new ByteArrayInputStream(randomBytes(PART * 8))))
                    .isExactlyInstanceOf(IOException.class)
                    .hasMessageContaining("save key 'k'").hasMessageContaining("InvalidRequest");

            assertThat(recorder.requestsOf(AbortMultipartUploadRequest.class)).hasSize(1);
            assertThat(meter.inFlightAtAbort).containsExactly(0);
            assertThat(recorder.requestsOf(CompleteMultipartUploadRequest.class)).isEmpty();
            assertThat(pool.lent()).isZero();
        }
        assertNothingLeft();
    }

    @Test
    void sourceThrowingWhilePartsAreInFlightAbortsTheUploadOnceTheyEnded() throws Exception {
        // Parts that take a while and ignore interrupts, like a send blocked on a socket: they must be waited for.
        meter.slowParts(Duration.ofMillis(400), false);
        S3Config config = S3MockServer.config().uploadConcurrency(4).build();
        PartPool pool = new PartPool(config);
        ObjectStore store = store(config, S3MockServer.endpoint(), pool);
        InputStream failing = new SequenceInputStream(new ByteArrayInputStream(randomBytes(PART * 7 / 2)),
                new InputStream() {
                    @Override
                    public int read() throws IOException {
                        awaitPartsInFlight(2);
                        throw new IOException("the dump died");
                    }
                });

        assertThatThrownBy(() -> store.save("broken", failing)).isExactlyInstanceOf(IOException.class)
                .hasMessage("the dump died");

        assertThat(recorder.requestsOf(UploadPartRequest.class)).hasSizeBetween(2, 3);
        assertThat(recorder.requestsOf(AbortMultipartUploadRequest.class)).hasSize(1);
        assertThat(meter.inFlightAtAbort).containsExactly(0);
        assertThat(pool.lent()).isZero();
        assertNothingLeft();
    }

    @Test
    void interruptingTheCallerCancelsItsPartsAndAbortsTheUpload() throws Exception {
        meter.slowParts(Duration.ofSeconds(30), true);
        S3Config config = S3MockServer.config().uploadConcurrency(2).build();
        PartPool pool = new PartPool(config);
        ObjectStore store = store(config, S3MockServer.endpoint(), pool);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        Thread caller = new Thread(() -> {
            try {
                store.save("k", new S3MultipartUploadTest.PseudoRandomStream(10L * PART));
            } catch (Throwable t) {
                thrown.set(t);
            }
            stillInterrupted.set(Thread.currentThread().isInterrupted());
        });
        caller.start();
        awaitPartsInFlight(2);

        long interrupted = System.nanoTime();
        caller.interrupt();
        caller.join(Duration.ofSeconds(20).toMillis());

        assertThat(caller.isAlive()).isFalse();
        // The parts' 30 s were cut short: sending them was cancelled, not waited out.
        assertThat(Duration.ofNanos(System.nanoTime() - interrupted)).isLessThan(Duration.ofSeconds(10));
        assertThat(thrown.get()).isInstanceOf(InterruptedIOException.class)
                .hasMessageStartingWith("interrupted: save key 'k'");
        assertThat(stillInterrupted).isTrue();
        assertThat(recorder.requestsOf(AbortMultipartUploadRequest.class)).hasSize(1);
        assertThat(meter.inFlightAtAbort).containsExactly(0);
        assertThat(pool.lent()).isZero();
        assertNothingLeft();
    }

    @Test
    void manyCallersWithLargeStreamsShareTheBufferBudgetAndAllComplete() throws Exception {
        S3Config config = S3MockServer.config().uploadConcurrency(4).build();
        PartPool pool = new PartPool(PART, 3);
        ObjectStore store = store(config, S3MockServer.endpoint(), pool);
        int callers = 5;
        ExecutorService threads = Executors.newFixedThreadPool(callers + 4);
        closing.add(threads::shutdownNow);
        List<Callable<byte[]>> saves = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            String key = "large-" + i;
            int size = PART * 5 / 2 + 1001 * i;
            saves.add(() -> {
                byte[] content = randomBytes(size);
                store.save(key, new ByteArrayInputStream(content));
                return content;
            });
        }
        for (int i = 0; i < 20; i++) {
            String key = "small-" + i;
            int size = 1000 + i;
            saves.add(() -> {
                byte[] content = randomBytes(size);
                store.save(key, new ByteArrayInputStream(content));
                return content;
            });
        }

        List<Future<byte[]>> results = threads.invokeAll(saves);

        for (int i = 0; i < saves.size(); i++) {
            String key = i < callers ? "large-" + i : "small-" + (i - callers);
            assertThat(loaded("repo/" + key)).as(key).isEqualTo(results.get(i).get());
        }
        assertThat(pool.mostLent()).isEqualTo(3);
        assertThat(meter.most()).isBetween(2, 3);
        assertThat(pool.lent()).isZero();
        assertThat(recorder.requestsOf(UploadPartRequest.class)).hasSize(callers * 3);
    }

    @Test
    void budgetIsOnePartMoreThanTheConcurrencyButAtMostAThirdOfTheHeap() {
        long cliHeap = 247L << 20;  // what -XX:+UseSerialGC -Xmx256m leaves to Runtime.maxMemory()
        assertThat(PartPool.budget(S3Config.defaults(), cliHeap)).isEqualTo(5);
        assertThat(PartPool.budget(S3Config.builder().uploadConcurrency(16).build(), cliHeap)).isEqualTo(5);
        assertThat(PartPool.budget(S3Config.builder().uploadConcurrency(16).build(), 4L << 30)).isEqualTo(17);
        assertThat(PartPool.budget(S3Config.builder().uploadConcurrency(2).build(), 4L << 30)).isEqualTo(3);
        assertThat(PartPool.budget(S3Config.builder().partSize(256L << 20).build(), cliHeap)).isEqualTo(1);
    }

    private void awaitPartsInFlight(int parts) throws InterruptedIOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (meter.inFlight() < parts && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                throw new InterruptedIOException();
            }
        }
        assertThat(meter.inFlight()).isGreaterThanOrEqualTo(parts);
    }

    private ObjectStore store(S3Config config, URI endpoint, PartPool pool) {
        S3Client client = S3MockServer.client(config.toBuilder().endpoint(endpoint).build(), recorder, meter);
        closing.add(client);
        return new S3ObjectStore(client, bucket, "repo", config, pool);
    }

    private byte[] loaded(String key) throws IOException {
        try (InputStream in = S3MockServer.admin().getObject(b -> b.bucket(bucket).key(key))) {
            return in.readAllBytes();
        }
    }

    private void assertNothingLeft() {
        assertThat(S3MockServer.admin().listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
        assertThat(S3MockServer.admin().listObjectsV2(b -> b.bucket(bucket)).contents()).isEmpty();
    }
}
