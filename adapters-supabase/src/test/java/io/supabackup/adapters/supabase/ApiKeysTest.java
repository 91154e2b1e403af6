package io.supabackup.adapters.supabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import io.supabackup.domain.port.out.AuthDirectory;
import io.supabackup.domain.port.out.BucketStore;
import io.supabackup.testkit.supabase.FakeSupabase;
import io.supabackup.testkit.supabase.UserSpec;
import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ApiKeysTest {
    private static FakeSupabase supabase;

    @BeforeAll
    static void start() {
        supabase = FakeSupabase.start();
        supabase.storage().createBucket("docs");
        supabase.auth().addUser(UserSpec.withEmail("ann@example.com"));
    }

    @AfterAll
    static void stop() {
        supabase.close();
    }

    private static BucketStore storage(String key) {
        return new SupabaseBucketStore(new SupabaseHttp(TestConfigs.config(supabase, key)));
    }

    private static AuthDirectory auth(String key) {
        return new SupabaseAuthDirectory(new SupabaseHttp(TestConfigs.config(supabase, key)));
    }

    private static String export(AuthDirectory directory) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        directory.exportUsers(in -> in.transferTo(out));
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void legacyServiceRoleJwtAndNewSecretKeyBothWork() {
        for (String key : new String[] {supabase.serviceRoleKey(), supabase.secretKey()}) {
            assertThat(storage(key).buckets()).extracting(b -> b.id()).containsExactly("docs");
            assertThat(export(auth(key))).contains("ann@example.com");
        }
    }

    @Test
    void wrongKeyIsAUsageErrorNamingTheRefusingApiWithoutTheKey() {
        String wrong = "sb_secret_thisIsNotTheProjectsKey";
        assertThatThrownBy(() -> storage(wrong).buckets())
                .isInstanceOfSatisfying(SupabackupException.class, e -> {
                    assertThat(e.kind()).isEqualTo(FailureKind.USAGE);
                    assertThat(e.getMessage()).contains("service role key was refused by " + supabase.url() + " (Storage)")
                            .contains("Invalid API key").doesNotContain(wrong);
                    assertThat(e.hint()).contains("SUPABASE_SERVICE_ROLE_KEY").contains("--service-role-key-file");
                });
        assertThatThrownBy(() -> export(auth(wrong)))
                .isInstanceOfSatisfying(SupabackupException.class, e -> {
                    assertThat(e.kind()).isEqualTo(FailureKind.USAGE);
                    assertThat(e.getMessage()).contains("(Auth)").doesNotContain(wrong);
                });
        // Refusals are final: one request each, no retries.
        assertThat(supabase.requests().matching("GET", "/storage/v1/bucket")).isNotEmpty();
    }

    @Test
    void refusalIsFinalWhileStoragesOther400sAreNot() {
        int before = supabase.requestCount("POST", "/storage/v1/object/list");
        assertThatThrownBy(() -> storage("sb_secret_wrong").listObjects("docs", o -> { }))
                .isInstanceOf(SupabackupException.class);
        assertThat(supabase.requestCount("POST", "/storage/v1/object/list") - before).isEqualTo(1);

        // Storage says "403" inside an HTTP 400 when a token is refused; the anon key cannot get that far
        // (the config refuses it), so the shape is checked on its own.
        assertThat(SupabaseHttp.isRefusal(reply(400, "{\"statusCode\":\"403\",\"code\":\"AccessDenied\","
                + "\"error\":\"Unauthorized\",\"message\":\"invalid signature\"}"))).isTrue();
        assertThat(SupabaseHttp.isRefusal(reply(401, "{\"message\":\"Invalid API key\"}"))).isTrue();
        assertThat(SupabaseHttp.isRefusal(reply(400, "{\"statusCode\":\"404\",\"error\":\"not_found\"}"))).isFalse();
        assertThat(reply(400, "{\"statusCode\":\"409\",\"error\":\"Duplicate\"}").realStatus()).isEqualTo(409);
    }

    private static Reply reply(int status, String body) {
        return new Reply(status, java.net.http.HttpHeaders.of(java.util.Map.of(), (a, b) -> true),
                body.getBytes(java.nio.charset.StandardCharsets.UTF_8), 1);
    }

    @Test
    void unreachableProjectNamesTheUrl() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        URI url = URI.create("http://127.0.0.1:" + port);
        SupabaseConfig config = SupabaseConfig.of(url, supabase.secretKey())
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5))
                .withRetries(2, Duration.ofMillis(1), Duration.ofMillis(2));
        BucketStore store = new SupabaseBucketStore(new SupabaseHttp(config));
        assertThatThrownBy(store::buckets).isInstanceOfSatisfying(SupabackupException.class, e -> {
            assertThat(e.kind()).isEqualTo(FailureKind.UNEXPECTED);
            assertThat(e.getMessage()).contains("could not reach the Supabase project at " + url)
                    .doesNotContain(supabase.secretKey());
        });
    }
}
