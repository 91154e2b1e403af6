package io.supabackup.adapters.supabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import io.supabackup.domain.model.StoredObject;
import io.supabackup.testkit.supabase.FakeSupabase;
import io.supabackup.testkit.supabase.FaultKind;
import io.supabackup.testkit.supabase.ServedRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FaultToleranceTest {
    private static final String DOWNLOADS = "/storage/v1/object/authenticated/";
    private FakeSupabase supabase;
    private TestConfigs.RecordingSleeper sleeper;
    private SupabaseBucketStore store;

    @BeforeEach
    void start() {
        supabase = FakeSupabase.start();
        sleeper = new TestConfigs.RecordingSleeper();
        store = new SupabaseBucketStore(new SupabaseHttp(TestConfigs.config(supabase), sleeper));
    }

    @AfterEach
    void stop() {
        supabase.close();
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static byte[] read(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    @Test
    void listingDownloadingAndUploadingTwoHundredFilesSurviveRandomFailures() throws IOException {
        supabase.storage().createBucket("src");
        supabase.storage().createBucket("dst");
        List<byte[]> contents = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            byte[] bytes = random(100 + i * 37, i);
            contents.add(bytes);
            supabase.storage().putObject("src", "dir" + (i % 5) + "/file " + i + ".bin", bytes, "application/x-test",
                    "max-age=" + i, i % 3 == 0 ? "{\"i\":" + i + "}" : null);
        }
        supabase.faults().failRandomly(0.2, 42);

        List<StoredObject> listed = new ArrayList<>();
        store.listObjects("src", listed::add);
        assertThat(listed).hasSize(200);
        for (StoredObject object : listed) {
            byte[] bytes = read(store.download("src", object.name()));
            int i = Integer.parseInt(object.name().substring(object.name().indexOf(' ') + 1, object.name().indexOf('.')));
            assertThat(bytes).isEqualTo(contents.get(i));
            StoredObject copy = new StoredObject("dst", object.name(), object.size(), null, object.contentType(),
                    object.cacheControl(), store.userMetadata("src", object.name()).orElse(null), null, null);
            assertThat(store.upload(copy, new ByteArrayInputStream(bytes), true)).isTrue();
        }
        assertThat(supabase.requests().count(FaultKind.FAILED)).isGreaterThan(50);
        supabase.faults().clear();
        for (var original : supabase.storage().objects("src")) {
            var copy = supabase.storage().object("dst", original.name());
            assertThat(copy.bytes()).isEqualTo(original.bytes());
            assertThat(copy.contentType()).isEqualTo(original.contentType());
            assertThat(copy.cacheControl()).isEqualTo(original.cacheControl());
            assertThat(copy.userMetadataJson()).isEqualTo(original.userMetadataJson());
        }
    }

    @Test
    void rateLimitIsRetriedAfterTheServersRetryAfter() {
        supabase.storage().createBucket("docs");
        supabase.faults().forPath("/storage/v1/bucket").rateLimit(2);
        assertThat(store.buckets()).hasSize(1);
        assertThat(supabase.requestCount("GET", "/storage/v1/bucket")).isEqualTo(3);
        assertThat(supabase.requests().count(FaultKind.RATE_LIMITED)).isEqualTo(2);
        assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
    }

    @Test
    void truncatedDownloadResumesWithRangeInsteadOfStartingAgain() throws IOException {
        supabase.storage().createBucket("big");
        byte[] content = random(3 * 1024 * 1024, 3);
        supabase.storage().putObject("big", "blob.bin", content, "application/octet-stream", "no-cache", null);
        supabase.faults().forPath(DOWNLOADS).truncateBodies(1.0);

        assertThat(read(store.download("big", "blob.bin"))).isEqualTo(content);
        List<ServedRequest> gets = supabase.requests().matching("GET", DOWNLOADS);
        assertThat(gets.stream().filter(r -> r.fault() == FaultKind.TRUNCATED)).isNotEmpty();
        assertThat(gets).hasSizeGreaterThan(1);
        long sent = gets.stream().mapToLong(ServedRequest::bytesSent).sum();
        // A restart would have sent the whole object again on top of the cut-off part.
        assertThat(sent).isLessThan(content.length + content.length / 2);
    }

    @Test
    void downloadThatKeepsBreakingFailsInsteadOfEndingShort() {
        supabase.storage().createBucket("big");
        byte[] content = random(1024 * 1024, 4);
        supabase.storage().putObject("big", "blob.bin", content, "application/octet-stream", "no-cache", null);
        supabase.faults().forPath(DOWNLOADS).truncateBodies(1.0);
        InputStream in = store.download("big", "blob.bin");
        // The first answer is cut short; every resume then meets a permanent 503.
        supabase.faults().clear();
        supabase.faults().forPath(DOWNLOADS).failAlways(503);
        assertThatThrownBy(() -> read(in)).isInstanceOf(IOException.class).hasMessageContaining("blob.bin")
                .hasMessageContaining("failed at byte");
    }

    @Test
    void permanentServerErrorGivesAClearErrorAfterTheRetries() {
        supabase.storage().createBucket("docs");
        supabase.faults().forPath("/storage/v1/object/list").failAlways(500);
        assertThatThrownBy(() -> store.listObjects("docs", o -> { }))
                .isInstanceOfSatisfying(SupabackupException.class, e -> {
                    assertThat(e.kind()).isEqualTo(FailureKind.UNEXPECTED);
                    assertThat(e.getMessage()).contains("Supabase Storage at " + supabase.url())
                            .contains("HTTP 500").contains("/storage/v1/object/list-v2/docs").contains("after 8 attempts");
                    assertThat(e.getMessage()).doesNotContain(supabase.serviceRoleKey());
                });
        assertThat(supabase.requestCount("POST", "/storage/v1/object/list")).isEqualTo(8);
    }

    @Test
    void droppedConnectionsAreRetried() throws IOException {
        supabase.storage().createBucket("docs");
        byte[] content = random(10_000, 5);
        for (int i = 0; i < 20; i++) {
            supabase.storage().putObject("docs", "f" + i, content, "text/plain", "no-cache", null);
        }
        supabase.faults().dropConnections(0.3, 7);
        List<StoredObject> listed = new ArrayList<>();
        store.listObjects("docs", listed::add);
        assertThat(listed).hasSize(20);
        for (StoredObject object : listed) {
            assertThat(read(store.download("docs", object.name()))).isEqualTo(content);
        }
        assertThat(store.upload(new StoredObject("docs", "new", 3, null, null, null, null, null, null),
                new ByteArrayInputStream(new byte[] {1, 2, 3}), false)).isTrue();
        assertThat(supabase.requests().count(FaultKind.DROPPED)).isGreaterThan(0);
    }
}
