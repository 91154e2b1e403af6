package io.supabackup.adapters.supabase;

import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HTTP client of a project: adds the key, retries what is transient (429, 5xx, resets, timeouts,
 * truncated bodies) with exponential backoff and jitter or the server's Retry-After, and turns a refused key
 * into a usage error. The key appears only in request headers, never in a message or a log line.
 */
final class SupabaseHttp {
    private static final Logger LOG = LoggerFactory.getLogger(SupabaseHttp.class);
    private static final int ERROR_BODY_LIMIT = 64 * 1024;
    private static final Duration RETRY_AFTER_CAP = Duration.ofMinutes(5);
    static final String KEY_HINT = "Pass the project's service_role key (or an sb_secret_ key) in "
            + "SUPABASE_SERVICE_ROLE_KEY or with --service-role-key-file; anon and publishable keys are not enough.";

    /** The two services, for paths and for naming which one refused the key. */
    enum Api {
        STORAGE("Storage", "/storage/v1"),
        AUTH("Auth", "/auth/v1");

        final String label;
        final String prefix;

        Api(String label, String prefix) {
            this.label = label;
            this.prefix = prefix;
        }
    }

    /** Waits between tries; tests substitute one that records the waits instead of sleeping through them. */
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** One request, rebuilt for every try. */
    static final class Call {
        final Api api;
        final String method;
        final URI uri;
        final Map<String, String> headers = new LinkedHashMap<>();
        Supplier<HttpRequest.BodyPublisher> body = HttpRequest.BodyPublishers::noBody;
        /** False for a streamed body, which cannot be sent twice. */
        boolean replayable = true;
        /** False where a 500 is an answer the caller interprets (Auth's duplicate id) rather than a glitch. */
        boolean retryInternalErrors = true;

        Call(Api api, String method, URI uri) {
            this.api = api;
            this.method = method;
            this.uri = uri;
        }

        Call header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        Call body(byte[] bytes) {
            body = () -> HttpRequest.BodyPublishers.ofByteArray(bytes);
            return this;
        }

        String describe() {
            return method + " " + uri.getPath();
        }
    }

    /** A successful response whose body is still to be read, or the final error reply. */
    record Opened(HttpResponse<InputStream> response, Reply error) {
    }

    private final SupabaseConfig config;
    private final HttpClient client;
    private final Sleeper sleeper;

    SupabaseHttp(SupabaseConfig config) {
        this(config, duration -> Thread.sleep(duration.toMillis()));
    }

    SupabaseHttp(SupabaseConfig config, Sleeper sleeper) {
        this.config = config;
        this.sleeper = sleeper;
        // HTTP/1.1: one request per connection keeps a reset or a truncated body local to its own transfer,
        // and avoids the h2c upgrade dance on plain-http (self-hosted, local) projects.
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    SupabaseConfig config() {
        return config;
    }

    String location(Api api) {
        return config.projectUrl() + api.prefix;
    }

    /** {@code pathAndQuery} must be encoded already, and start with a slash. */
    URI uri(Api api, String pathAndQuery) {
        return URI.create(config.projectUrl() + api.prefix + pathAndQuery);
    }

    Call call(Api api, String method, String pathAndQuery) {
        return new Call(api, method, uri(api, pathAndQuery));
    }

    /** Sends with retries and reads the whole answer; a non-2xx answer is returned for the caller to judge. */
    Reply exchange(Call call) {
        Opened opened = run(call, false);
        return opened.error();
    }

    /** Sends with retries; a 2xx answer comes back unread, for streaming. */
    Opened open(Call call) {
        return run(call, true);
    }

    /** Like {@link #exchange} but any non-2xx answer becomes an exception naming the request. */
    Reply expectOk(Call call) {
        Reply reply = exchange(call);
        if (!reply.ok()) {
            throw failure(call, reply);
        }
        return reply;
    }

    /**
     * One try, no retry: for a caller that must look at the server's state before trying again (a TUS chunk).
     * A refused key still becomes the usage error.
     */
    Reply once(Call call) throws IOException {
        try {
            HttpResponse<InputStream> response = client.send(build(call), HttpResponse.BodyHandlers.ofInputStream());
            int status = response.statusCode();
            byte[] body;
            try (InputStream in = response.body()) {
                body = status >= 200 && status < 300 ? in.readAllBytes() : in.readNBytes(ERROR_BODY_LIMIT);
            }
            Reply reply = new Reply(status, response.headers(), body, 1);
            if (isRefusal(reply)) {
                throw refused(call.api, reply);
            }
            return reply;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted(call);
        }
    }

    private Opened run(Call call, boolean stream) {
        int attempts = Math.max(1, config.maxAttempts());
        for (int attempt = 1; ; attempt++) {
            Duration wait;
            try {
                HttpResponse<InputStream> response = client.send(build(call), HttpResponse.BodyHandlers.ofInputStream());
                int status = response.statusCode();
                if (stream && status >= 200 && status < 300) {
                    return new Opened(response, null);
                }
                byte[] body;
                try (InputStream in = response.body()) {
                    body = status >= 200 && status < 300 ? in.readAllBytes() : in.readNBytes(ERROR_BODY_LIMIT);
                }
                Reply reply = new Reply(status, response.headers(), body, attempt);
                if (isRefusal(reply)) {
                    throw refused(call.api, reply);
                }
                if (!isTransient(reply, call) || attempt >= attempts || !call.replayable) {
                    return new Opened(null, reply);
                }
                int tried = attempt;
                wait = retryAfter(reply).orElseGet(() -> backoff(tried));
                LOG.debug("{} {}: HTTP {} ({}), try {} of {} in {} ms", call.api.label, call.describe(), status,
                        redact(reply.message()), attempt + 1, attempts, wait.toMillis());
            } catch (IOException e) {
                if (attempt >= attempts || !call.replayable) {
                    throw unreachable(call, e, attempt);
                }
                wait = backoff(attempt);
                LOG.debug("{} {}: {}, try {} of {} in {} ms", call.api.label, call.describe(), e.toString(),
                        attempt + 1, attempts, wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw interrupted(call);
            }
            pause(wait, call);
        }
    }

    HttpRequest build(Call call) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(call.uri)
                .timeout(config.requestTimeout())
                .method(call.method, call.body.get());
        authorise(builder);
        call.headers.forEach(builder::header);
        return builder.build();
    }

    /** The legacy JWT goes as apikey and Bearer; an sb_secret_ key is no JWT, so only as apikey. */
    void authorise(HttpRequest.Builder builder) {
        builder.header("apikey", config.key());
        if (!config.isSecretKey()) {
            builder.header("Authorization", "Bearer " + config.key());
        }
    }

    /** 401/403, and Storage's 400 carrying 401/403: a wrong key, which no retry mends. */
    static boolean isRefusal(Reply reply) {
        int real = reply.realStatus();
        return reply.status() == 401 || reply.status() == 403 || real == 401 || real == 403;
    }

    static boolean isTransient(Reply reply, Call call) {
        int status = reply.realStatus();
        if (status == 500 && !call.retryInternalErrors) {
            return false;
        }
        return status == 408 || status == 425 || status == 429 || status >= 500 && status != 501 && status != 505;
    }

    /** The server's wish, seconds or an HTTP date, within reason. */
    static Optional<Duration> retryAfter(Reply reply) {
        Optional<String> header = reply.header("Retry-After");
        if (header.isEmpty()) {
            return Optional.empty();
        }
        String value = header.get().trim();
        Duration wait;
        try {
            wait = Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
        } catch (NumberFormatException e) {
            try {
                wait = Duration.between(java.time.Instant.now(),
                        ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            } catch (DateTimeParseException ignored) {
                return Optional.empty();
            }
        }
        if (wait.isNegative()) {
            wait = Duration.ZERO;
        }
        return Optional.of(wait.compareTo(RETRY_AFTER_CAP) > 0 ? RETRY_AFTER_CAP : wait);
    }

    /** Exponential with jitter: between half and all of initial * 2^(attempt-1), capped. */
    Duration backoff(int attempt) {
        long initial = config.initialBackoff().toMillis();
        long max = config.maxBackoff().toMillis();
        long exponential = initial << Math.min(attempt - 1, 20);
        long capped = Math.min(max, exponential < 0 ? max : exponential);
        if (capped <= 0) {
            return Duration.ZERO;
        }
        return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
    }

    void pause(Duration wait, Call call) {
        try {
            if (!wait.isZero()) {
                sleeper.sleep(wait);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted(call);
        }
    }

    SupabackupException refused(Api api, Reply reply) {
        return new SupabackupException(FailureKind.USAGE, "the service role key was refused by "
                + config.projectUrl() + " (" + api.label + "): " + redact(reply.message()), KEY_HINT);
    }

    /** A final non-2xx answer as an exception naming the service, the request and what the server said. */
    SupabackupException failure(Call call, Reply reply) {
        int real = reply.realStatus();
        FailureKind kind = real == 404 ? FailureKind.NOT_FOUND : FailureKind.UNEXPECTED;
        String tries = reply.attempts() > 1 ? " after " + reply.attempts() + " attempts" : "";
        return new SupabackupException(kind, "Supabase " + call.api.label + " at " + config.projectUrl()
                + " answered HTTP " + real + " to " + call.describe() + tries + ": " + redact(reply.message()),
                isTransient(reply, call) ? "The service kept failing; try again later or check status.supabase.com."
                        : null);
    }

    SupabackupException unreachable(Call call, IOException e, int attempts) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        boolean noConnection = e instanceof ConnectException || root instanceof ConnectException
                || root instanceof UnresolvedAddressException || root instanceof java.net.UnknownHostException;
        String what = noConnection ? "could not reach the Supabase project at " + config.projectUrl()
                : "the connection to the Supabase project at " + config.projectUrl() + " failed";
        return new SupabackupException(FailureKind.UNEXPECTED, what + " (" + call.api.label + ", " + call.describe()
                + ", " + attempts + (attempts == 1 ? " attempt" : " attempts") + "): " + redact(describe(e)),
                noConnection ? "Check the project URL and the network; the project may be paused." : null, e);
    }

    SupabackupException interrupted(Call call) {
        return new SupabackupException(FailureKind.INTERRUPTED, "interrupted during " + call.api.label + " "
                + call.describe());
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }

    /** Belt and braces: a server or an exception echoing the key must not carry it into a message. */
    String redact(String text) {
        return text == null ? null : text.replace(config.key(), "***");
    }
}
