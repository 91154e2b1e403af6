package io.supabackup.testkit.supabase;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuthAdminApiTest {
    private static final String BCRYPT = "$2a$10$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234";
    private FakeSupabase supabase;
    private Client client;

    @BeforeEach
    void start() {
        supabase = FakeSupabase.start();
        client = new Client(supabase);
    }

    @AfterEach
    void stop() {
        supabase.close();
    }

    @Test
    void pagesThroughAllUsersWithTotalCountAndLinkHeaders() {
        for (int i = 0; i < 123; i++) {
            supabase.auth().addUser(UserSpec.withEmail("user" + i + "@example.com").passwordHash(BCRYPT));
        }
        Set<String> ids = new HashSet<>();
        String next = "page=1&per_page=50";
        int requests = 0;
        while (next != null && requests++ < 10) {
            HttpResponse<byte[]> page = client.get("/auth/v1/admin/users?" + next);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("X-Total-Count")).hasValue("123");
            String link = page.headers().firstValue("Link").orElseThrow();
            assertThat(link).contains("</admin/users?page=3&per_page=50>; rel=\"last\"");
            JsonNode body = Client.json(page);
            assertThat(body.get("aud").asText()).isEqualTo("authenticated");
            for (JsonNode user : body.get("users")) {
                ids.add(user.get("id").asText());
                assertThat(user.has("encrypted_password")).isFalse();
                // The list endpoint loads no identities.
                assertThat(user.get("identities").isNull()).isTrue();
            }
            Matcher matcher = Pattern.compile("<[^?]*\\?([^>]*)>; rel=\"next\"").matcher(link);
            next = matcher.find() ? matcher.group(1) : null;
        }
        assertThat(requests).isEqualTo(3);
        assertThat(ids).hasSize(123);

        JsonNode newest = Client.json(client.get("/auth/v1/admin/users?per_page=1")).get("users").get(0);
        assertThat(newest.get("email").asText()).isEqualTo("user122@example.com");
        assertThat(client.get("/auth/v1/admin/users?per_page=0").statusCode()).isEqualTo(400);
    }

    @Test
    void singleUserCarriesIdentitiesAndNeverTheHash() {
        AuthUser seeded = supabase.auth().addUser(UserSpec.withEmail("Ann@Example.com").passwordHash(BCRYPT)
                .identity("github", "4711", "{\"user_name\":\"ann\"}").lastSignInAt(Instant.parse("2024-01-02T03:04:05Z")));
        JsonNode user = Client.json(client.get("/auth/v1/admin/users/" + seeded.id()));
        assertThat(user.get("email").asText()).isEqualTo("ann@example.com");
        assertThat(user.get("identities")).hasSize(2);
        assertThat(user.get("identities").get(1).get("provider").asText()).isEqualTo("github");
        assertThat(user.get("app_metadata").get("providers").toString()).isEqualTo("[\"email\",\"github\"]");
        assertThat(user.get("last_sign_in_at").asText()).isEqualTo("2024-01-02T03:04:05Z");
        assertThat(user.toString()).doesNotContain(BCRYPT);
        assertThat(supabase.auth().passwordHash(seeded.id())).isEqualTo(BCRYPT);

        HttpResponse<byte[]> missing = client.get("/auth/v1/admin/users/00000000-0000-4000-8000-000000000000");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(Client.json(missing).get("error_code").asText()).isEqualTo("user_not_found");
    }

    @Test
    void createKeepsTheGivenIdAndHashAndRefusesDuplicates() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", "11111111-2222-4333-8444-555555555555");
        body.put("email", "bob@example.com");
        body.put("password_hash", BCRYPT);
        body.put("email_confirm", true);
        body.put("user_metadata", Map.of("name", "Bob"));
        body.put("app_metadata", Map.of("plan", "pro"));
        body.put("role", "authenticated");
        body.put("ban_duration", "24h");
        HttpResponse<byte[]> created = client.postJson("/auth/v1/admin/users", body);
        assertThat(created.statusCode()).isEqualTo(200);
        JsonNode user = Client.json(created);
        assertThat(user.get("id").asText()).isEqualTo("11111111-2222-4333-8444-555555555555");
        assertThat(user.get("email_confirmed_at").asText()).isNotEmpty();
        assertThat(user.get("confirmed_at").asText()).isEqualTo(user.get("email_confirmed_at").asText());
        assertThat(user.get("user_metadata").get("name").asText()).isEqualTo("Bob");
        assertThat(user.get("user_metadata").get("email_verified").asBoolean()).isTrue();
        assertThat(user.get("app_metadata").get("plan").asText()).isEqualTo("pro");
        assertThat(user.get("app_metadata").get("provider").asText()).isEqualTo("email");
        assertThat(user.has("banned_until")).isTrue();
        assertThat(supabase.auth().passwordHash("11111111-2222-4333-8444-555555555555")).isEqualTo(BCRYPT);

        body.put("id", "11111111-2222-4333-8444-666666666666");
        HttpResponse<byte[]> duplicate = client.postJson("/auth/v1/admin/users", body);
        assertThat(duplicate.statusCode()).isEqualTo(422);
        JsonNode error = Client.json(duplicate);
        assertThat(error.get("code").asInt()).isEqualTo(422);
        assertThat(error.get("error_code").asText()).isEqualTo("email_exists");
        assertThat(error.get("msg").asText()).isEqualTo("A user with this email address has already been registered");

        HttpResponse<byte[]> sameId = client.postJson("/auth/v1/admin/users",
                Map.of("id", "11111111-2222-4333-8444-555555555555", "email", "other@example.com"));
        assertThat(sameId.statusCode()).isEqualTo(500);
        assertThat(Client.json(sameId).get("msg").asText()).isEqualTo("Database error creating new user");
    }

    @Test
    void invalidBodiesGetUpstreamErrors() {
        assertThat(Client.json(client.postJson("/auth/v1/admin/users", Map.of("password", "x")))
                .get("error_code").asText()).isEqualTo("validation_failed");
        HttpResponse<byte[]> badHash = client.postJson("/auth/v1/admin/users",
                Map.of("email", "c@example.com", "password_hash", "not-a-hash"));
        assertThat(badHash.statusCode()).isEqualTo(500);
        HttpResponse<byte[]> both = client.postJson("/auth/v1/admin/users",
                Map.of("email", "c@example.com", "password", "pw", "password_hash", BCRYPT));
        assertThat(both.statusCode()).isEqualTo(400);
        assertThat(client.postJson("/auth/v1/admin/users", Map.of("email", "c@example.com", "id", "nope"))
                .statusCode()).isEqualTo(400);

        HttpResponse<byte[]> plain = client.postJson("/auth/v1/admin/users", Map.of("email", "d@example.com", "password", "pw"));
        assertThat(plain.statusCode()).isEqualTo(200);
        String id = Client.json(plain).get("id").asText();
        assertThat(supabase.auth().passwordHash(id)).startsWith("$2a$10$").hasSize(60);
        assertThat(supabase.auth().users()).hasSize(1);
    }
}
