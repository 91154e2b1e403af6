package io.supabackup.adapters.storage.s3;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small HTTP proxy on loopback in front of the in-process S3 server that answers some requests with an S3
 * error instead of forwarding them. Faults are bounded in count, so every test ends by itself.
 */
final class FaultProxy implements AutoCloseable {
    private static final Set<String> NOT_FORWARDED = Set.of("host", "connection", "content-length", "expect",
            "upgrade", "transfer-encoding", "keep-alive");

    /** Decides, per request, whether to answer it with a fault. */
    interface Rule {
        /** The fault to answer with, or {@code null} to forward the request. */
        Fault decide(String method, String query);
    }

    record Fault(int status, String code, String message) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(8);
    private final HttpClient upstream = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI target;
    private final Rule rule;
    final AtomicInteger faults = new AtomicInteger();
    final AtomicInteger forwarded = new AtomicInteger();

    FaultProxy(URI target, Rule rule) throws IOException {
        this.target = target;
        this.rule = rule;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** Every {@code n}-th UploadPart answers 503 SlowDown, at most {@code max} times. */
    static Rule everyNthUploadPartFails(int n, int max) {
        AtomicInteger parts = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        return (method, query) -> {
            if (method.equals("PUT") && query != null && query.contains("partNumber=")
                    && parts.incrementAndGet() % n == 0 && failed.incrementAndGet() <= max) {
                return new Fault(503, "SlowDown", "Please reduce your request rate.");
            }
            return null;
        };
    }

    /** Every UploadPart answers a 400 that no retry can fix. */
    static Rule uploadPartsRejected() {
        return (method, query) -> method.equals("PUT") && query != null && query.contains("partNumber=")
                ? new Fault(400, "InvalidRequest", "rejected by the fault proxy") : null;
    }

    /** Every request is refused the way S3 refuses an unknown access key. */
    static Rule unknownAccessKey() {
        return (method, query) -> new Fault(403, "InvalidAccessKeyId",
                "The AWS Access Key Id you provided does not exist in our records.");
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String query = exchange.getRequestURI().getRawQuery();
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Fault fault = rule.decide(method, query);
            if (fault != null) {
                faults.incrementAndGet();
                byte[] xml = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + fault.code()
                        + "</Code><Message>" + fault.message() + "</Message><RequestId>fault-proxy</RequestId></Error>")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/xml");
                if (method.equals("HEAD")) {
                    exchange.sendResponseHeaders(fault.status(), -1);
                } else {
                    exchange.sendResponseHeaders(fault.status(), xml.length);
                    exchange.getResponseBody().write(xml);
                }
                return;
            }
            forwarded.incrementAndGet();
            forward(exchange, method, body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void forward(HttpExchange exchange, String method, byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().getRawPath()
                        + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery())))
                .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
            if (NOT_FORWARDED.contains(header.getKey().toLowerCase())) {
                continue;
            }
            for (String value : header.getValue()) {
                try {
                    request.header(header.getKey(), value);
                } catch (IllegalArgumentException restricted) {
                    // The JDK client sets a few headers itself; S3Mock does not need them from us.
                }
            }
        }
        HttpResponse<InputStream> response = upstream.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        response.headers().map().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase()) && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, values);
            }
        });
        long length = response.headers().firstValueAsLong("content-length").orElse(-1);
        try (InputStream in = response.body()) {
            if (method.equals("HEAD") || length == 0 || response.statusCode() == 204) {
                exchange.sendResponseHeaders(response.statusCode(), -1);
                in.transferTo(OutputStream.nullOutputStream());
            } else {
                exchange.sendResponseHeaders(response.statusCode(), Math.max(length, 0));
                try (OutputStream out = exchange.getResponseBody()) {
                    in.transferTo(out);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
