package io.supabackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.supabackup.testkit.supabase.FakeSupabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExitTest {
    @Test
    void theHttpClientsSelectorThreadsEndBeforeTheProcessExits() throws Exception {
        try (FakeSupabase api = FakeSupabase.start()) {
            HttpClient client = HttpClient.newHttpClient();
            client.send(HttpRequest.newBuilder(URI.create(api.url() + "/storage/v1/bucket")).build(),
                    HttpResponse.BodyHandlers.discarding());
            assertThat(selectorThreads()).isNotEmpty();

            Main.stopHttpSelectors();

            assertThat(selectorThreads()).isEmpty();
        }
    }

    private static List<Thread> selectorThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().matches("HttpClient-\\d+-SelectorManager"))
                .toList();
    }
}
