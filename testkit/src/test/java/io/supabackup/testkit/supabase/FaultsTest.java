package io.supabackup.testkit.supabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FaultsTest {
    private static final String DOWNLOADS = "/storage/v1/object/authenticated/";
    private FakeSupabase supabase;
    private Client client;

    @BeforeEach
    void start() {
        supabase = FakeSupabase.start();
        client = new Client(supabase);
        supabase.storage().createBucket("docs");
        supabase.storage().putObject("docs", "a.txt", new byte[4096], "text/plain", "no-cache", null);
    }

    @AfterEach
    void stop() {
        supabase.close();
    }

    private HttpResponse<byte[]> download() {
        return client.get(DOWNLOADS + "docs/a.txt");
    }

    @Test
    void failNextScopedToDownloadsLeavesOtherPathsAlone() {
        supabase.faults().forPath(DOWNLOADS).failNext(2, 503);
        assertThat(client.get("/storage/v1/bucket").statusCode()).isEqualTo(200);
        assertThat(download().statusCode()).isEqualTo(503);
        assertThat(download().statusCode()).isEqualTo(503);
        assertThat(download().statusCode()).isEqualTo(200);
        assertThat(supabase.requests().count(FaultKind.FAILED)).isEqualTo(2);
        assertThat(supabase.requestCount("GET", DOWNLOADS)).isEqualTo(3);
    }

    @Test
    void randomFailuresAreTransientAndReproducibleBySeed() {
        List<Integer> first = statuses(0.5, 99);
        supabase.faults().clear();
        List<Integer> second = statuses(0.5, 99);
        assertThat(first).isEqualTo(second);
        assertThat(first).contains(200).containsAnyOf(500, 503).allMatch(s -> s == 200 || s == 500 || s == 503);
    }

    private List<Integer> statuses(double ratio, long seed) {
        supabase.faults().failRandomly(ratio, seed);
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            statuses.add(download().statusCode());
        }
        return statuses;
    }

    @Test
    void rateLimitAnswers429WithRetryAfter() {
        supabase.faults().forPath("/auth/v1/").rateLimit(1);
        HttpResponse<byte[]> limited = client.get("/auth/v1/admin/users");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(Client.json(limited).get("error_code").asText()).isEqualTo("over_request_rate_limit");
        assertThat(client.get("/auth/v1/admin/users").statusCode()).isEqualTo(200);
        assertThat(supabase.requests().count(FaultKind.RATE_LIMITED)).isEqualTo(1);
    }

    @Test
    void droppedConnectionsGiveTheClientAnIoError() {
        supabase.faults().dropConnections(1.0);
        assertThatThrownBy(this::download).isInstanceOf(UncheckedIOException.class).hasCauseInstanceOf(IOException.class);
        supabase.faults().clear();
        assertThat(download().statusCode()).isEqualTo(200);
        assertThat(supabase.requests().count(FaultKind.DROPPED)).isGreaterThanOrEqualTo(1);
    }

    @Test
    void truncatedBodiesFailTheClientsRead() {
        supabase.faults().forPath(DOWNLOADS).truncateBodies(1.0);
        assertThatThrownBy(this::download).isInstanceOf(UncheckedIOException.class);
        assertThat(supabase.requests().count(FaultKind.TRUNCATED)).isGreaterThanOrEqualTo(1);
        ServedRequest truncated = supabase.requests().matching("GET", DOWNLOADS).get(0);
        assertThat(truncated.bytesSent()).isEqualTo(2048);
    }

    @Test
    void slowResponsesStillAnswerAndAreRecorded() {
        supabase.faults().slowResponses(Duration.ofMillis(50));
        assertThat(download().statusCode()).isEqualTo(200);
        assertThat(supabase.requests().all().get(0).fault()).isEqualTo(FaultKind.DELAYED);
    }

    @Test
    void failAlwaysBreaksOnePathUntilCleared() {
        supabase.faults().forPath("/storage/v1/object/list").failAlways(500);
        for (int i = 0; i < 3; i++) {
            assertThat(client.postJson("/storage/v1/object/list-v2/docs", java.util.Map.of()).statusCode()).isEqualTo(500);
        }
        assertThat(download().statusCode()).isEqualTo(200);
        supabase.faults().clear();
        assertThat(client.postJson("/storage/v1/object/list-v2/docs", java.util.Map.of()).statusCode()).isEqualTo(200);
    }

    @Test
    void requestLogCountsWhatTheClientFetched() {
        supabase.storage().putObject("docs", "b.txt", new byte[1], "text/plain", "no-cache", null);
        client.postJson("/storage/v1/object/list-v2/docs", java.util.Map.of());
        download();
        assertThat(supabase.requestCount("GET", DOWNLOADS)).isEqualTo(1);
        assertThat(supabase.requestCount("POST", "/storage/v1/object/list-v2/")).isEqualTo(1);
        assertThat(supabase.requestCount(null, "/storage/v1/")).isEqualTo(2);
        ServedRequest get = supabase.requests().matching("GET", DOWNLOADS).get(0);
        assertThat(get.path()).isEqualTo(DOWNLOADS + "docs/a.txt");
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.bytesSent()).isEqualTo(4096);
        supabase.requests().clear();
        assertThat(supabase.requests().all()).isEmpty();
    }
}
