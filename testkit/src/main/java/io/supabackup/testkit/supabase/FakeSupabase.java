package io.supabackup.testkit.supabase;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stateful stand-in for one Supabase project's Storage ({@code /storage/v1}) and Auth admin
 * ({@code /auth/v1}) APIs on a loopback port, with the real error shapes and faults on demand.
 *
 * <pre>{@code
 * try (FakeSupabase supabase = FakeSupabase.start()) {
 *     supabase.storage().createBucket(BucketSpec.named("avatars").isPublic(true));
 *     supabase.storage().putObject("avatars", "a/b.png", bytes, "image/png", "max-age=3600", "{\"k\":\"v\"}");
 *     supabase.auth().addUser(UserSpec.withEmail("ann@example.com").passwordHash("$2a$10$..."));
 *     supabase.faults().forPath("/storage/v1/object/authenticated/").failNext(1, 503);
 *     // point the client at supabase.url() with supabase.serviceRoleKey() or supabase.secretKey()
 *     assertThat(supabase.requestCount("GET", "/storage/v1/object/authenticated/")).isEqualTo(2);
 * }
 * }</pre>
 *
 * Like the hosted gateway, every request needs an {@code apikey} header holding one of the project's keys
 * (else HTTP 401 {@code {"message":"Invalid API key",...}}). With a legacy JWT key the services also need
 * {@code Authorization: Bearer <jwt>}; a new {@code sb_secret_} key works alone, and a Bearer equal to it is
 * accepted too (any other Bearer is checked as a JWT of its own).
 */
public final class FakeSupabase implements AutoCloseable {
    private static final String STORAGE = "/storage/v1";
    private static final String AUTH = "/auth/v1";

    static {
        // The JDK server writes headers and body in separate segments; with Nagle's algorithm on, each small
        // keep-alive answer then waits ~40 ms for a delayed ACK, which turns a thousand downloads into a minute.
        // Read once, when the server classes load, so it must be set before the first server starts.
        System.getProperties().putIfAbsent("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final BlobStore blobs;
    private final Keys keys = new Keys();
    private final FakeStorage storage;
    private final FakeAuth auth = new FakeAuth();
    private final Faults faults = new Faults();
    private final RequestLog log = new RequestLog();
    private final StorageApi storageApi;
    private final AuthApi authApi;
    private final String url;

    private FakeSupabase(BlobStore blobs) {
        this.blobs = blobs;
        this.storage = new FakeStorage(blobs);
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        url = "http://127.0.0.1:" + server.getAddress().getPort();
        storageApi = new StorageApi(storage, new TusApi(storage, url + STORAGE));
        authApi = new AuthApi(auth);
        AtomicInteger threads = new AtomicInteger();
        executor = Executors.newFixedThreadPool(16, task -> {
            Thread thread = new Thread(task, "fake-supabase-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::serve);
        server.start();
    }

    /** Starts a fake whose file contents live in the heap (fine for objects of tens of MB). */
    public static FakeSupabase start() {
        return new FakeSupabase(BlobStore.inMemory());
    }

    /** Starts a fake that streams file contents to files under {@code storageDir}, for gigabyte-sized objects. */
    public static FakeSupabase start(Path storageDir) {
        return new FakeSupabase(BlobStore.onDisk(storageDir));
    }

    /** The project URL, e.g. {@code http://127.0.0.1:PORT}; the APIs live under /storage/v1 and /auth/v1. */
    public String url() {
        return url;
    }

    /** A legacy service_role key: an HS256 JWT with {@code "role":"service_role"}. */
    public String serviceRoleKey() {
        return keys.serviceRole;
    }

    /** A new-style secret key ({@code sb_secret_…}), which the gateway maps to the service role. */
    public String secretKey() {
        return keys.secret;
    }

    /** A legacy anon key (JWT with {@code "role":"anon"}): passes the gateway, refused by the admin APIs. */
    public String anonKey() {
        return keys.anon;
    }

    /** A new-style publishable key ({@code sb_publishable_…}): the anon role. */
    public String publishableKey() {
        return keys.publishable;
    }

    public FakeStorage storage() {
        return storage;
    }

    public FakeAuth auth() {
        return auth;
    }

    public Faults faults() {
        return faults;
    }

    public RequestLog requests() {
        return log;
    }

    /** How many requests with this method (any when {@code null}) had a decoded path starting with {@code pathPrefix}. */
    public int requestCount(String method, String pathPrefix) {
        return log.count(method, pathPrefix);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        blobs.close();
    }

    private void serve(HttpExchange exchange) {
        Call call = new Call(exchange);
        log.add(call);
        try {
            Faults.Decision decision = faults.decide(call.path);
            if (!decision.delay().isZero()) {
                call.fault = FaultKind.DELAYED;
                sleep(decision.delay());
            }
            if (decision.kind() == FaultKind.DROPPED) {
                call.drop();
            } else if (decision.kind() == FaultKind.FAILED || decision.kind() == FaultKind.RATE_LIMITED) {
                injectFailure(call, decision);
            } else {
                call.truncate = decision.kind() == FaultKind.TRUNCATED;
                route(call);
            }
        } catch (Throwable e) {
            answerInternalError(call, e);
        } finally {
            exchange.close();
        }
    }

    private void route(Call call) throws IOException {
        String service;
        String sub;
        if (call.path.equals(STORAGE) || call.path.startsWith(STORAGE + "/")) {
            service = STORAGE;
            sub = call.path.substring(STORAGE.length());
        } else if (call.path.equals(AUTH) || call.path.startsWith(AUTH + "/")) {
            service = AUTH;
            sub = call.path.substring(AUTH.length());
        } else {
            call.json(404, java.util.Map.of("message", "no Route matched with those values"));
            return;
        }
        if (call.method.equals("OPTIONS") && service.equals(STORAGE)) {
            // CORS preflight and the TUS capability probe pass the gateway without a key.
            storageApi.handle(call, sub, new Keys.Verified(null, Keys.JwtProblem.MISSING));
            return;
        }
        String apiKey = call.header("apikey");
        if (apiKey == null || apiKey.isEmpty()) {
            ObjectNode body = Call.JSON.createObjectNode();
            body.put("message", "No API key found in request");
            body.put("hint", "No `apikey` request header or url param was found.");
            call.json(401, body);
            return;
        }
        if (!keys.isKnownApiKey(apiKey)) {
            ObjectNode body = Call.JSON.createObjectNode();
            body.put("message", "Invalid API key");
            body.put("hint", "Double check your Supabase `anon` or `service_role` API key.");
            call.json(401, body);
            return;
        }
        Keys.Verified caller = callerOf(apiKey, bearer(call.header("Authorization")));
        if (service.equals(STORAGE)) {
            storageApi.handle(call, sub, caller);
        } else {
            authApi.handle(call, sub, caller);
        }
    }

    /**
     * The gateway swaps an opaque key (alone, or echoed as the Bearer) for a JWT of its role; anything else
     * in Authorization reaches the service as is, and the service verifies it.
     */
    private Keys.Verified callerOf(String apiKey, String bearer) {
        if (Keys.isOpaque(apiKey) && (bearer == null || bearer.equals(apiKey))) {
            return new Keys.Verified(keys.roleOfOpaqueKey(apiKey), null);
        }
        return keys.verify(bearer);
    }

    private static String bearer(String authorization) {
        if (authorization == null) {
            return null;
        }
        String trimmed = authorization.trim();
        if (trimmed.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return trimmed.substring(7).trim();
        }
        return null;
    }

    private void injectFailure(Call call, Faults.Decision decision) throws IOException {
        call.fault = decision.kind();
        int status = decision.status();
        boolean auth = call.path.startsWith(AUTH);
        if (decision.kind() == FaultKind.RATE_LIMITED) {
            call.responseHeaders().set("Retry-After", "1");
        }
        if (auth) {
            AuthApi.error(call, status, status == 429 ? "over_request_rate_limit" : "unexpected_failure",
                    status == 429 ? "Request rate limit reached" : "injected failure " + status);
        } else if (status == 429) {
            ObjectNode body = Call.JSON.createObjectNode();
            body.put("statusCode", "429");
            body.put("code", "SlowDown");
            body.put("error", "too_many_requests");
            body.put("message", "Too many requests");
            call.json(429, body);
        } else {
            // Gateway-level failures reach the client with their real status, unlike Storage's own errors.
            ObjectNode body = Call.JSON.createObjectNode();
            body.put("statusCode", Integer.toString(status));
            body.put("code", status >= 500 ? "InternalError" : "InvalidRequest");
            body.put("error", "injected");
            body.put("message", "injected failure " + status);
            call.json(status, body);
        }
    }

    private static void answerInternalError(Call call, Throwable e) {
        if (call.answered() || call.status == -1) {
            return;
        }
        try {
            ObjectNode body = Call.JSON.createObjectNode();
            body.put("statusCode", "500");
            body.put("code", "InternalError");
            body.put("error", "Internal");
            body.put("message", "fake-supabase: " + e);
            call.json(500, body);
        } catch (IOException | RuntimeException ignored) {
            // the client went away; nothing left to tell it
        }
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
