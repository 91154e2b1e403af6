package io.supabackup.adapters.supabase;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.supabackup.domain.port.out.AuthDirectory.ImportReport;
import io.supabackup.testkit.supabase.AuthUser;
import io.supabackup.testkit.supabase.FakeSupabase;
import io.supabackup.testkit.supabase.UserSpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AuthDirectoryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int USERS = 123;
    private static FakeSupabase source;
    private static final Map<String, String> HASHES = new TreeMap<>();

    @BeforeAll
    static void start() {
        source = FakeSupabase.start();
        for (int i = 0; i < USERS; i++) {
            String hash = "$2a$10$" + String.format("%022d", i) + "ABCDEFGHIJKLMNOPQRSTUVWXYZ01234";
            UserSpec spec = UserSpec.withEmail("user" + i + "@example.com")
                    .userMetadata("{\"name\":\"User " + i + "\",\"n\":" + i + "}")
                    .appMetadata("{\"plan\":\"" + (i % 2 == 0 ? "pro" : "free") + "\"}");
            if (i % 3 == 0) {
                spec.emailConfirmedAt(Instant.parse("2024-01-01T00:00:00Z"));
            }
            if (i % 4 == 0) {
                spec.phone("4915112345" + String.format("%03d", i)).phoneConfirmedAt(Instant.parse("2024-02-01T00:00:00Z"));
            }
            if (i % 10 == 0) {
                spec.identity("github", "gh" + i, "{\"user_name\":\"u" + i + "\"}");
            }
            if (i == 7) {
                spec.bannedUntil(Instant.now().plus(30, ChronoUnit.DAYS));
            }
            if (i % 5 != 4) {
                spec.passwordHash(hash);
            }
            AuthUser user = source.auth().addUser(spec);
            if (i % 5 != 4) {
                HASHES.put(user.id(), hash);
            }
        }
    }

    @AfterAll
    static void stop() {
        source.close();
    }

    private static SupabaseAuthDirectory directory(FakeSupabase supabase) {
        return new SupabaseAuthDirectory(new SupabaseHttp(TestConfigs.config(supabase, supabase.secretKey())));
    }

    private static String export() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        directory(source).exportUsers(in -> in.transferTo(out));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void exportWritesEveryUserOnceWithIdentitiesAndNoPasswords() throws Exception {
        int singles = source.requestCount("GET", "/auth/v1/admin/users/");
        int pages = source.requestCount("GET", "/auth/v1/admin/users");
        String lines = export();
        String[] split = lines.split("\n");
        assertThat(split).hasSize(USERS);
        assertThat(lines).endsWith("\n").doesNotContain("encrypted_password").doesNotContain("$2a$10$");
        Set<String> ids = new HashSet<>();
        for (String line : split) {
            JsonNode user = JSON.readTree(line);
            ids.add(user.get("id").asText());
            assertThat(user.get("identities").isArray()).isTrue();
            assertThat(user.get("identities").size()).isGreaterThanOrEqualTo(1);
        }
        assertThat(ids).hasSize(USERS);
        assertThat(source.requestCount("GET", "/auth/v1/admin/users/") - singles).isEqualTo(USERS);
        // 100 per page: two list pages, plus the single fetches
        assertThat(source.requestCount("GET", "/auth/v1/admin/users") - pages - USERS).isEqualTo(2);
        JsonNode github = JSON.readTree(java.util.Arrays.stream(split).filter(l -> l.contains("\"github\"")).findFirst()
                .orElseThrow());
        assertThat(github.get("identities").findValuesAsText("provider")).contains("email", "github");
    }

    @Test
    void countUsersReadsTheTotalFromOnePageOfOne() {
        int before = source.requestCount("GET", "/auth/v1/admin/users");
        assertThat(directory(source).countUsers()).hasValue(USERS);
        assertThat(source.requestCount("GET", "/auth/v1/admin/users") - before).isEqualTo(1);
        try (FakeSupabase empty = FakeSupabase.start()) {
            assertThat(directory(empty).countUsers()).hasValue(0);
        }
    }

    @Test
    void exportSurvivesRateLimitsAndFailures() {
        source.faults().forPath("/auth/v1/").rateLimit(1);
        source.faults().forPath("/auth/v1/").failRandomly(0.2, 3);
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new SupabaseAuthDirectory(new SupabaseHttp(TestConfigs.config(source), new TestConfigs.RecordingSleeper()))
                    .exportUsers(in -> in.transferTo(out));
            assertThat(out.toString(StandardCharsets.UTF_8).split("\n")).hasSize(USERS);
        } finally {
            source.faults().clear();
        }
    }

    @Test
    void importRecreatesUsersWithTheirIdsMetadataConfirmationAndHashes() {
        String lines = export();
        try (FakeSupabase target = FakeSupabase.start()) {
            ImportReport report = directory(target).importUsers(
                    new ByteArrayInputStream(lines.getBytes(StandardCharsets.UTF_8)),
                    id -> Optional.ofNullable(HASHES.get(id)));
            assertThat(report.failures()).isEmpty();
            assertThat(report.created()).isEqualTo(USERS);
            assertThat(report.alreadyPresent()).isZero();
            assertThat(report.withoutPassword()).isEqualTo(USERS - HASHES.size());

            for (AuthUser original : source.auth().users()) {
                AuthUser copy = target.auth().user(original.id()).orElseThrow();
                assertThat(copy.email()).isEqualTo(original.email());
                assertThat(copy.phone()).isEqualTo(original.phone());
                assertThat(copy.role()).isEqualTo(original.role());
                assertThat(copy.emailConfirmedAt() != null).isEqualTo(original.emailConfirmedAt() != null);
                assertThat(copy.phoneConfirmedAt() != null).isEqualTo(original.phoneConfirmedAt() != null);
                assertThat(copy.bannedUntil() != null).isEqualTo(original.bannedUntil() != null);
                var metadata = copy.userMetadata();
                metadata.remove("email_verified");
                assertThat(metadata).isEqualTo(original.userMetadata());
                assertThat(copy.appMetadata().get("plan")).isEqualTo(original.appMetadata().get("plan"));
                assertThat(copy.appMetadata().get("provider").asText()).isEqualTo("email");
                if (HASHES.containsKey(original.id())) {
                    assertThat(target.auth().passwordHash(original.id())).isEqualTo(HASHES.get(original.id()));
                } else {
                    assertThat(target.auth().passwordHash(original.id())).isNotEqualTo(source.auth().passwordHash(original.id()));
                }
            }
        }
    }

    @Test
    void existingUsersAreCountedNotFailed() {
        String lines = export();
        List<String> firstTwo = new ArrayList<>(List.of(lines.split("\n")).subList(0, 3));
        try (FakeSupabase target = FakeSupabase.start()) {
            String sameEmail;
            String sameId;
            try {
                sameEmail = JSON.readTree(firstTwo.get(0)).get("email").asText();
                sameId = JSON.readTree(firstTwo.get(1)).get("id").asText();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            target.auth().addUser(UserSpec.withEmail(sameEmail));
            // Same id, other email: Auth answers a bare 500 for the primary-key clash.
            target.auth().addUser(UserSpec.withEmail("someone-else@example.com").id(sameId));
            firstTwo.add("{\"id\":\"00000000-0000-4000-8000-000000000001\",\"is_anonymous\":true}");
            firstTwo.add("not json");

            ImportReport report = directory(target).importUsers(
                    new ByteArrayInputStream(String.join("\n", firstTwo).getBytes(StandardCharsets.UTF_8)),
                    id -> Optional.empty());
            assertThat(report.created()).isEqualTo(1);
            assertThat(report.alreadyPresent()).isEqualTo(2);
            assertThat(report.withoutPassword()).isEqualTo(1);
            assertThat(report.failures()).hasSize(2);
            assertThat(report.failures().get(0)).contains("00000000-0000-4000-8000-000000000001").contains("anonymous");
            assertThat(report.failures().get(1)).startsWith("line 5");
        }
    }
}
