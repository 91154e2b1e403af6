package io.supabackup.adapters.supabase;

import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;

/**
 * How to reach one Supabase project's Storage and Auth admin APIs.
 *
 * @param projectUrl         e.g. {@code https://abcd.supabase.co}; the APIs live under /storage/v1 and /auth/v1
 * @param key                a legacy {@code service_role} JWT or a new {@code sb_secret_…} key; never printed
 * @param connectTimeout     for opening a connection
 * @param requestTimeout     until the response headers arrive (an upload's body counts); a body being read has none
 * @param maxAttempts        tries per request, the first included, for transient failures
 * @param initialBackoff     the first retry's delay; it doubles per retry, with jitter, up to {@code maxBackoff}
 * @param maxBackoff         the longest delay between two tries, unless the server's Retry-After asks for more
 * @param resumableThreshold files larger than this many bytes are uploaded with TUS in 6 MB chunks
 */
public record SupabaseConfig(URI projectUrl, String key, Duration connectTimeout, Duration requestTimeout,
                             int maxAttempts, Duration initialBackoff, Duration maxBackoff, long resumableThreshold) {
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofMinutes(2);
    public static final int DEFAULT_MAX_ATTEMPTS = 6;
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(500);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);
    /** Supabase's advice: standard uploads up to 6 MB, resumable ones above. */
    public static final long DEFAULT_RESUMABLE_THRESHOLD = 6L * 1024 * 1024;

    private static final String KEY_HINT = "Pass the project's service_role key (or an sb_secret_ key) in "
            + "SUPABASE_SERVICE_ROLE_KEY or with --service-role-key-file; find it under Project Settings > API Keys.";

    public SupabaseConfig {
        projectUrl = normalise(projectUrl);
        checkKey(key);
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(requestTimeout, "requestTimeout");
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw usage("the retry backoff must satisfy 0 <= initial (" + initialBackoff + ") <= max (" + maxBackoff + ")");
        }
        if (maxAttempts < 1 || maxAttempts > 100) {
            throw usage("maxAttempts must be within 1..100, not " + maxAttempts);
        }
        if (resumableThreshold < 1) {
            throw usage("the resumable upload threshold must be positive, not " + resumableThreshold);
        }
    }

    /** A config with the defaults for everything but the project and the key. */
    public static SupabaseConfig of(URI projectUrl, String key) {
        return new SupabaseConfig(projectUrl, key, DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT,
                DEFAULT_MAX_ATTEMPTS, DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF, DEFAULT_RESUMABLE_THRESHOLD);
    }

    public SupabaseConfig withTimeouts(Duration connect, Duration request) {
        return new SupabaseConfig(projectUrl, key, connect, request, maxAttempts, initialBackoff, maxBackoff,
                resumableThreshold);
    }

    public SupabaseConfig withRetries(int attempts, Duration initial, Duration max) {
        return new SupabaseConfig(projectUrl, key, connectTimeout, requestTimeout, attempts, initial, max,
                resumableThreshold);
    }

    public SupabaseConfig withResumableThreshold(long bytes) {
        return new SupabaseConfig(projectUrl, key, connectTimeout, requestTimeout, maxAttempts, initialBackoff,
                maxBackoff, bytes);
    }

    /** True for a new {@code sb_secret_…} key, which is not a JWT and so is not sent as a Bearer token. */
    public boolean isSecretKey() {
        return key.startsWith("sb_secret_");
    }

    @Override
    public String toString() {
        return "SupabaseConfig[projectUrl=" + projectUrl + ", key=" + (isSecretKey() ? "sb_secret_***" : "***")
                + ", connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout + ", maxAttempts="
                + maxAttempts + ", initialBackoff=" + initialBackoff + ", maxBackoff=" + maxBackoff
                + ", resumableThreshold=" + resumableThreshold + "]";
    }

    private static URI normalise(URI url) {
        if (url == null) {
            throw usage("the Supabase project URL is missing");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || url.getHost() == null) {
            throw usage("the Supabase project URL must look like https://<project-ref>.supabase.co, not "
                    + redactUserInfo(url));
        }
        if (url.getRawUserInfo() != null || url.getRawQuery() != null || url.getRawFragment() != null) {
            throw usage("the Supabase project URL must not carry credentials, a query or a fragment: "
                    + redactUserInfo(url));
        }
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        // A URL copied from the dashboard's API docs may already name one of the APIs.
        for (String api : new String[] {"/rest/v1", "/storage/v1", "/auth/v1"}) {
            if (path.endsWith(api)) {
                path = path.substring(0, path.length() - api.length());
            }
        }
        return URI.create(scheme + "://" + url.getRawAuthority() + path);
    }

    private static String redactUserInfo(URI url) {
        return url.getRawUserInfo() == null ? url.toString() : url.toString().replace(url.getRawUserInfo(), "***");
    }

    private static void checkKey(String key) {
        if (key == null || key.isBlank()) {
            throw new SupabackupException(FailureKind.USAGE, "the Supabase service role key is missing", KEY_HINT);
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                // Also stops header injection; a pasted key often carries a trailing newline.
                throw new SupabackupException(FailureKind.USAGE,
                        "the Supabase service role key contains whitespace or non-ASCII characters", KEY_HINT);
            }
        }
        if (key.startsWith("sb_publishable_")) {
            throw new SupabackupException(FailureKind.USAGE,
                    "the Supabase key given is a publishable key, which cannot read all buckets or any users", KEY_HINT);
        }
        if (!key.startsWith("sb_secret_") && "anon".equals(jwtRole(key))) {
            throw new SupabackupException(FailureKind.USAGE,
                    "the Supabase key given is the anon key, which cannot read all buckets or any users", KEY_HINT);
        }
    }

    /** The {@code role} claim of a JWT, read without verifying it; null when the key is not a readable JWT. */
    private static String jwtRole(String key) {
        String[] parts = key.split("\\.", -1);
        if (parts.length != 3) {
            return null;
        }
        try {
            String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
            java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("\"role\"\\s*:\\s*\"([^\"]*)\"")
                    .matcher(payload);
            return matcher.find() ? matcher.group(1) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static void requirePositive(Duration duration, String name) {
        if (duration.isZero() || duration.isNegative()) {
            throw usage(name + " must be positive, not " + duration);
        }
    }

    private static SupabackupException usage(String message) {
        return new SupabackupException(FailureKind.USAGE, message);
    }
}
