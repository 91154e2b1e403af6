package io.supabackup.adapters.supabase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A response read to its end (an error's body only up to a limit). Storage answers most errors with HTTP 400
 * and the real status as a string in the body; {@link #realStatus()} looks through that.
 */
record Reply(int status, HttpHeaders headers, byte[] body, int attempts) {
    private static final ObjectMapper JSON = new ObjectMapper();

    boolean ok() {
        return status >= 200 && status < 300;
    }

    JsonNode json() {
        if (body.length == 0) {
            return MissingNode.getInstance();
        }
        try {
            JsonNode node = JSON.readTree(body);
            return node == null ? MissingNode.getInstance() : node;
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }

    /** The status the service meant: Storage's {@code {"statusCode":"404"}} inside an HTTP 400 gives 404. */
    int realStatus() {
        JsonNode code = json().path("statusCode");
        int inBody = code.isNumber() ? code.asInt() : code.isTextual() ? parse(code.asText()) : -1;
        return status == 400 && inBody >= 100 && inBody <= 599 ? inBody : status;
    }

    /** Auth's {@code error_code} or Storage's {@code code}, e.g. {@code email_exists}, {@code NoSuchKey}. */
    String errorCode() {
        JsonNode json = json();
        if (json.path("error_code").isTextual()) {
            return json.get("error_code").asText();
        }
        return json.path("code").isTextual() ? json.get("code").asText() : "";
    }

    /** What the service said, for a message: its JSON message, or the start of a text body. */
    String message() {
        JsonNode json = json();
        for (String field : new String[] {"message", "msg", "error_description", "error"}) {
            if (json.path(field).isTextual() && !json.get(field).asText().isBlank()) {
                return json.get(field).asText();
            }
        }
        String text = new String(body, StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            return "HTTP " + status;
        }
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    Optional<String> header(String name) {
        return headers.firstValue(name);
    }

    private static int parse(String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
