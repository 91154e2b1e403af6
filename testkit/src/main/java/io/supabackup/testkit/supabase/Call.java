package io.supabackup.testkit.supabase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** One request being served: decoded path and query, and the only way handlers answer, so faults apply. */
final class Call {
    static final ObjectMapper JSON = new ObjectMapper();

    final HttpExchange exchange;
    final String method;
    /** Percent-decoded path, e.g. {@code /storage/v1/object/authenticated/b/a b.txt}. */
    final String path;
    final Map<String, String> query;
    final String rawQuery;

    final java.time.Instant receivedAt = java.time.Instant.now();
    // Written by the serving thread, read by tests through the RequestLog; each is set before the client can
    // see its effect (status before the headers go out, bytes before they are written).
    volatile int status;
    volatile long bytesSent;
    volatile FaultKind fault;
    boolean truncate;

    Call(HttpExchange exchange) {
        this.exchange = exchange;
        this.method = exchange.getRequestMethod().toUpperCase(java.util.Locale.ROOT);
        this.path = decodePath(exchange.getRequestURI().getRawPath());
        this.rawQuery = exchange.getRequestURI().getRawQuery();
        this.query = parseQuery(rawQuery);
    }

    String header(String name) {
        return exchange.getRequestHeaders().getFirst(name);
    }

    Headers responseHeaders() {
        return exchange.getResponseHeaders();
    }

    InputStream body() {
        return exchange.getRequestBody();
    }

    byte[] readBody(int max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        InputStream in = body();
        while ((n = in.read(buffer)) > 0) {
            if (out.size() + n > max) {
                throw new BlobStore.TooLarge();
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /** Parses the body as JSON; an empty body reads as {@code null}. */
    JsonNode readJson() throws IOException {
        byte[] bytes = readBody(16 * 1024 * 1024);
        if (bytes.length == 0) {
            return null;
        }
        return JSON.readTree(bytes);
    }

    boolean answered() {
        return status != 0;
    }

    void json(int status, Object body) throws IOException {
        byte[] bytes = body instanceof byte[] b ? b : JSON.writeValueAsBytes(body);
        responseHeaders().set("Content-Type", "application/json; charset=utf-8");
        bytes(status, bytes);
    }

    void text(int status, String body) throws IOException {
        responseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        bytes(status, body.getBytes(StandardCharsets.UTF_8));
    }

    void bytes(int status, byte[] body) throws IOException {
        stream(status, body.length, new java.io.ByteArrayInputStream(body));
    }

    void empty(int status) throws IOException {
        this.status = status;
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    /**
     * Sends exactly {@code length} bytes from {@code in}. Under the truncate fault the full Content-Length is
     * announced but the connection dies half way through, as a flaky proxy would leave it.
     */
    void stream(int status, long length, InputStream in) throws IOException {
        this.status = status;
        boolean head = "HEAD".equals(method);
        if (length == 0 || head) {
            if (head && length > 0) {
                responseHeaders().set("Content-Length", Long.toString(length));
            }
            exchange.sendResponseHeaders(status, -1);
            in.close();
            exchange.close();
            return;
        }
        exchange.sendResponseHeaders(status, length);
        long limit = truncate && length > 1 ? length / 2 : length;
        if (limit < length) {
            fault = FaultKind.TRUNCATED;
        }
        OutputStream out = exchange.getResponseBody();
        try (in) {
            byte[] buffer = new byte[64 * 1024];
            while (bytesSent < limit) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - bytesSent));
                if (n < 0) {
                    break;
                }
                bytesSent += n;
                out.write(buffer, 0, n);
            }
            out.flush();
        }
        if (limit < length) {
            // Closing the exchange while its fixed-length body is short makes the server drop the
            // connection (closing the body stream first would leave it open and the client waiting).
            exchange.close();
            return;
        }
        out.close();
        exchange.close();
    }

    /** Closes the socket without a status line: the client sees a reset or an empty reply. */
    void drop() {
        fault = FaultKind.DROPPED;
        status = -1;
        exchange.close();
    }

    ServedRequest snapshot() {
        return new ServedRequest(method, path, rawQuery, status, fault, bytesSent, receivedAt);
    }

    static String decodePath(String raw) {
        if (raw == null) {
            return "/";
        }
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int i = 0;
        while (i < raw.length()) {
            int c = raw.codePointAt(i);
            if (c == '%' && i + 2 < raw.length()) {
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi >= 0 && lo >= 0) {
                    bytes.write(hi * 16 + lo);
                    i += 3;
                    continue;
                }
            }
            byte[] encoded = new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8);
            bytes.write(encoded, 0, encoded.length);
            i += Character.charCount(c);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static Map<String, String> parseQuery(String raw) {
        Map<String, String> result = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return result;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            result.putIfAbsent(java.net.URLDecoder.decode(name, StandardCharsets.UTF_8),
                    java.net.URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return result;
    }
}
