package io.supabackup.cli.wiring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Posts a run's outcome to a webhook. A webhook that fails is reported as a warning and never changes the
 * outcome of the run: the backup is what matters, the message about it comes second.
 */
public final class Notifier {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final URI url;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL).build();

    public Notifier(URI url) {
        this.url = url;
    }

    /** The JSON body: the outcome's fields, and a {@code text} line for chat webhooks. */
    static String body(RunOutcome outcome) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("text", outcome.text());
        json.put("tool", "supabackup");
        json.put("command", outcome.command());
        json.put("job", outcome.job());
        json.put("status", outcome.ok() ? "success" : "failure");
        json.put("exitCode", outcome.exitCode());
        json.put("backupId", outcome.backupId());
        json.put("bytes", outcome.bytes());
        json.put("files", outcome.files());
        json.put("durationSeconds", outcome.took().toMillis() / 1000.0);
        json.put("finishedAt", outcome.finishedAt().toString());
        json.put("repository", outcome.repository());
        json.put("error", outcome.error());
        try {
            return JSON.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends the outcome; returns why it could not be delivered, or empty when it was. */
    public Optional<String> send(RunOutcome outcome) {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .header("User-Agent", "supabackup")
                .POST(HttpRequest.BodyPublishers.ofString(body(outcome))).build();
        try {
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 != 2) {
                return Optional.of("the webhook answered HTTP " + response.statusCode());
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("the webhook could not be reached (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while notifying");
        }
    }
}
