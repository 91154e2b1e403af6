package io.supabackup.adapters.supabase;

import static org.assertj.core.api.Assertions.assertThat;

import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SupabaseConfigTest {
    private static final String SECRET = "sb_secret_abcdefghijklmnop";

    private static String jwt(String role) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"HS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(("{\"role\":\"" + role + "\"}").getBytes(StandardCharsets.UTF_8)) + ".c2ln";
    }

    @Test
    void defaultsAndNormalisedUrl() {
        SupabaseConfig config = SupabaseConfig.of(URI.create("https://abcd.supabase.co/storage/v1/"), SECRET);
        assertThat(config.projectUrl()).isEqualTo(URI.create("https://abcd.supabase.co"));
        assertThat(config.resumableThreshold()).isEqualTo(6L * 1024 * 1024);
        assertThat(config.maxAttempts()).isEqualTo(SupabaseConfig.DEFAULT_MAX_ATTEMPTS);
        assertThat(config.isSecretKey()).isTrue();
        assertThat(SupabaseConfig.of(URI.create("http://localhost:54321"), jwt("service_role")).isSecretKey()).isFalse();
    }

    @Test
    void toStringNeverShowsTheKey() {
        String jwt = jwt("service_role");
        assertThat(SupabaseConfig.of(URI.create("https://abcd.supabase.co"), SECRET).toString())
                .doesNotContain(SECRET).contains("abcd.supabase.co");
        assertThat(SupabaseConfig.of(URI.create("https://abcd.supabase.co"), jwt).toString()).doesNotContain(jwt);
    }

    @Test
    void refusesBadUrlsAndKeysWithUsageErrorsThatHideTheKey() {
        assertUsage(() -> SupabaseConfig.of(URI.create("ftp://abcd.supabase.co"), SECRET));
        assertUsage(() -> SupabaseConfig.of(URI.create("https://user:pw@abcd.supabase.co"), SECRET))
                .doesNotContain("pw");
        assertUsage(() -> SupabaseConfig.of(null, SECRET));
        assertUsage(() -> SupabaseConfig.of(URI.create("https://abcd.supabase.co"), " "));
        assertUsage(() -> SupabaseConfig.of(URI.create("https://abcd.supabase.co"), SECRET + "\n"))
                .doesNotContain(SECRET);
        assertUsage(() -> SupabaseConfig.of(URI.create("https://abcd.supabase.co"), "sb_publishable_xyz"))
                .contains("publishable").doesNotContain("sb_publishable_xyz");
        assertUsage(() -> SupabaseConfig.of(URI.create("https://abcd.supabase.co"), jwt("anon"))).contains("anon key");
        assertUsage(() -> SupabaseConfig.of(URI.create("https://abcd.supabase.co"), SECRET).withRetries(0,
                java.time.Duration.ZERO, java.time.Duration.ZERO));
        assertUsage(() -> SupabaseConfig.of(URI.create("https://abcd.supabase.co"), SECRET).withResumableThreshold(0));
    }

    private static org.assertj.core.api.AbstractStringAssert<?> assertUsage(Runnable action) {
        try {
            action.run();
        } catch (SupabackupException e) {
            assertThat(e.kind()).isEqualTo(FailureKind.USAGE);
            return assertThat(e.getMessage());
        }
        throw new AssertionError("expected a usage error");
    }
}
