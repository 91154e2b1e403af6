package io.supabackup.adapters.supabase;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Encoding of bucket and object names into URL paths, and the timestamps the APIs write. */
final class ObjectPaths {
    private ObjectPaths() {
    }

    /** {@code bucket/key} with every segment percent-encoded (spaces, unicode, {@code %}), slashes kept. */
    static String of(String bucketId, String name) {
        return segment(bucketId) + "/" + key(name);
    }

    static String key(String name) {
        StringBuilder out = new StringBuilder(name.length() + 16);
        String[] segments = name.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            if (i > 0) {
                out.append('/');
            }
            out.append(segment(segments[i]));
        }
        return out.toString();
    }

    static String segment(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** ISO timestamps as Storage ({@code 2024-01-02T03:04:05.678Z}) and Auth (with offsets) write them. */
    static Instant instant(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException ignored) {
                return null;
            }
        }
    }
}
