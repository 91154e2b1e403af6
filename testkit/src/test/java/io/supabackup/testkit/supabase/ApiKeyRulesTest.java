package io.supabackup.testkit.supabase;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ApiKeyRulesTest {
    private static FakeSupabase supabase;
    private static Client client;

    @BeforeAll
    static void start() {
        supabase = FakeSupabase.start();
        client = new Client(supabase);
        supabase.storage().createBucket("docs");
    }

    @AfterAll
    static void stop() {
        supabase.close();
    }

    private HttpResponse<byte[]> call(String path, String apiKey, String bearer) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(supabase.url() + path)).GET();
        if (apiKey != null) {
            builder.header("apikey", apiKey);
        }
        if (bearer != null) {
            builder.header("Authorization", "Bearer " + bearer);
        }
        return client.send(builder.build());
    }

    @Test
    void legacyServiceRoleKeyWorksWithTheSameKeyAsBearer() {
        assertThat(call("/storage/v1/bucket", supabase.serviceRoleKey(), supabase.serviceRoleKey()).statusCode())
                .isEqualTo(200);
        assertThat(call("/auth/v1/admin/users", supabase.serviceRoleKey(), supabase.serviceRoleKey()).statusCode())
                .isEqualTo(200);
    }

    @Test
    void legacyKeyWithoutBearerIsRefusedInEachServicesShape() {
        HttpResponse<byte[]> storage = call("/storage/v1/bucket", supabase.serviceRoleKey(), null);
        assertThat(storage.statusCode()).isEqualTo(400);
        JsonNode body = Client.json(storage);
        assertThat(body.get("statusCode").asText()).isEqualTo("403");
        assertThat(body.get("error").asText()).isEqualTo("Unauthorized");
        assertThat(body.get("message").asText()).isEqualTo("jwt must be provided");

        HttpResponse<byte[]> auth = call("/auth/v1/admin/users", supabase.serviceRoleKey(), null);
        assertThat(auth.statusCode()).isEqualTo(401);
        assertThat(Client.json(auth).get("error_code").asText()).isEqualTo("no_authorization");
        assertThat(Client.json(auth).get("code").asInt()).isEqualTo(401);
    }

    @Test
    void tamperedBearerFailsSignatureCheck() {
        String key = supabase.serviceRoleKey();
        String tampered = key.substring(0, key.length() - 4) + (key.endsWith("AAAA") ? "BBBB" : "AAAA");
        JsonNode storage = Client.json(call("/storage/v1/bucket", key, tampered));
        assertThat(storage.get("statusCode").asText()).isEqualTo("403");
        assertThat(storage.get("message").asText()).isEqualTo("invalid signature");

        HttpResponse<byte[]> auth = call("/auth/v1/admin/users", key, tampered);
        assertThat(auth.statusCode()).isEqualTo(403);
        assertThat(Client.json(auth).get("error_code").asText()).isEqualTo("bad_jwt");
    }

    @Test
    void secretKeyWorksAloneOrEchoedAsBearerButNotWithAnotherBearer() {
        String secret = supabase.secretKey();
        assertThat(secret).startsWith("sb_secret_");
        assertThat(call("/storage/v1/bucket", secret, null).statusCode()).isEqualTo(200);
        assertThat(call("/auth/v1/admin/users", secret, null).statusCode()).isEqualTo(200);
        assertThat(call("/storage/v1/bucket", secret, secret).statusCode()).isEqualTo(200);
        assertThat(call("/auth/v1/admin/users", secret, secret).statusCode()).isEqualTo(200);

        JsonNode storage = Client.json(call("/storage/v1/bucket", secret, "sb_secret_other"));
        assertThat(storage.get("statusCode").asText()).isEqualTo("403");
        assertThat(storage.get("message").asText()).isEqualTo("jwt malformed");
        assertThat(call("/auth/v1/admin/users", secret, "sb_secret_other").statusCode()).isEqualTo(403);
    }

    @Test
    void missingOrUnknownApiKeyIsStoppedAtTheGateway() {
        HttpResponse<byte[]> missing = call("/storage/v1/bucket", null, supabase.serviceRoleKey());
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(Client.json(missing).get("message").asText()).isEqualTo("No API key found in request");

        HttpResponse<byte[]> unknown = call("/auth/v1/admin/users", "sb_secret_wrong", null);
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(Client.json(unknown).get("message").asText()).isEqualTo("Invalid API key");
    }

    @Test
    void anonKeysAreNotAdmins() {
        HttpResponse<byte[]> auth = call("/auth/v1/admin/users", supabase.anonKey(), supabase.anonKey());
        assertThat(auth.statusCode()).isEqualTo(403);
        assertThat(Client.json(auth).get("error_code").asText()).isEqualTo("not_admin");
        assertThat(call("/auth/v1/admin/users", supabase.publishableKey(), null).statusCode()).isEqualTo(403);
        // Row-level security hides private buckets from the anon role.
        assertThat(Client.json(call("/storage/v1/bucket", supabase.anonKey(), supabase.anonKey()))).isEmpty();
    }

    @Test
    void serviceRoleKeyIsAJwtWithTheServiceRole() {
        String[] parts = supabase.serviceRoleKey().split("\\.");
        assertThat(parts).hasSize(3);
        String payload = new String(java.util.Base64.getUrlDecoder().decode(parts[1]),
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(payload).contains("\"role\":\"service_role\"");
    }
}
