package io.supabackup.adapters.supabase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.supabackup.adapters.supabase.SupabaseHttp.Api;
import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import io.supabackup.domain.port.out.AuthDirectory;
import io.supabackup.domain.port.out.StreamConsumer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Auth users through the Auth admin API under {@code /auth/v1}. */
final class SupabaseAuthDirectory implements AuthDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(SupabaseAuthDirectory.class);
    /** Set by the server from the identities it creates; sending them would claim logins the user lacks. */
    private static final Set<String> SERVER_APP_METADATA = Set.of("provider", "providers");
    private static final Set<String> EXISTS_CODES = Set.of("email_exists", "phone_exists", "user_already_exists");

    private final SupabaseHttp http;
    private final ObjectMapper json = new ObjectMapper();

    SupabaseAuthDirectory(SupabaseHttp http) {
        this.http = http;
    }

    @Override
    public String location() {
        return http.location(Api.AUTH);
    }

    @Override
    public OptionalLong countUsers() {
        Reply reply = http.expectOk(http.call(Api.AUTH, "GET", "/admin/users?page=1&per_page=1"));
        try {
            return reply.header("X-Total-Count").map(total -> OptionalLong.of(Long.parseLong(total.trim())))
                    .orElse(OptionalLong.empty());
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    @Override
    public void exportUsers(StreamConsumer jsonLines) {
        UserExport users = new UserExport(http);
        try (users) {
            jsonLines.accept(users);
        } catch (IOException e) {
            if (users.failure() != null) {
                throw users.failure();
            }
            throw new SupabackupException(FailureKind.UNEXPECTED, "storing the users of " + location() + " failed: "
                    + e.getMessage(), null, e);
        }
        if (users.failure() != null) {
            throw users.failure();
        }
        if (!users.done()) {
            throw new SupabackupException(FailureKind.UNEXPECTED, "the users of " + location()
                    + " were not read to their end; the export is incomplete");
        }
        LOG.debug("exported {} users from {} ({} fetched alone for their identities)", users.users(), location(),
                users.singleFetches());
    }

    @Override
    public ImportReport importUsers(InputStream jsonLines, Function<String, Optional<String>> passwordHashes) {
        int created = 0;
        int alreadyPresent = 0;
        int withoutPassword = 0;
        List<String> failures = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(jsonLines, StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode user;
                try {
                    user = json.readTree(line);
                } catch (IOException e) {
                    failures.add("line " + number + ": not JSON");
                    continue;
                }
                if (!user.isObject() || !user.path("id").isTextual()) {
                    failures.add("line " + number + ": not a user object with an id");
                    continue;
                }
                String id = user.get("id").asText();
                if (text(user, "email").isEmpty() && text(user, "phone").isEmpty()) {
                    failures.add(id + ": has neither email nor phone (an anonymous user), which the Auth admin API "
                            + "cannot create; a database-level restore of the auth schema can");
                    continue;
                }
                Optional<String> hash = passwordHashes.apply(id).filter(h -> !h.isBlank());
                ObjectNode body = createBody(user, hash.orElse(null));
                Outcome outcome = create(id, body);
                switch (outcome.kind) {
                    case CREATED -> {
                        created++;
                        if (hash.isEmpty()) {
                            withoutPassword++;
                        }
                    }
                    case PRESENT -> alreadyPresent++;
                    case FAILED -> failures.add(id + ": " + outcome.reason);
                }
            }
        } catch (IOException e) {
            throw new SupabackupException(FailureKind.UNEXPECTED, "reading the users to import failed after "
                    + created + " were created: " + e.getMessage(), null, e);
        }
        return new ImportReport(created, alreadyPresent, withoutPassword, failures);
    }

    /** What {@code POST /admin/users} takes, from a user as the API returned it. */
    ObjectNode createBody(JsonNode user, String passwordHash) {
        ObjectNode body = json.createObjectNode();
        body.put("id", user.get("id").asText());
        if (!text(user, "email").isEmpty()) {
            body.put("email", text(user, "email"));
            body.put("email_confirm", !text(user, "email_confirmed_at").isEmpty());
        }
        if (!text(user, "phone").isEmpty()) {
            body.put("phone", text(user, "phone"));
            body.put("phone_confirm", !text(user, "phone_confirmed_at").isEmpty());
        }
        if (user.path("user_metadata").isObject()) {
            body.set("user_metadata", user.get("user_metadata").deepCopy());
        }
        if (user.path("app_metadata").isObject()) {
            ObjectNode app = user.get("app_metadata").deepCopy();
            app.remove(SERVER_APP_METADATA);
            if (!app.isEmpty()) {
                body.set("app_metadata", app);
            }
        }
        if (!text(user, "role").isEmpty()) {
            body.put("role", text(user, "role"));
        }
        Instant bannedUntil = ObjectPaths.instant(text(user, "banned_until"));
        if (bannedUntil != null && bannedUntil.isAfter(Instant.now())) {
            // Go's duration syntax; whole seconds, rounded up so the ban does not end early.
            long seconds = Duration.between(Instant.now(), bannedUntil).toSeconds() + 1;
            body.put("ban_duration", seconds + "s");
        }
        if (passwordHash != null) {
            body.put("password_hash", passwordHash);
        }
        return body;
    }

    private enum Kind { CREATED, PRESENT, FAILED }

    private record Outcome(Kind kind, String reason) {
    }

    /**
     * Creates one user. A taken email or phone is a 422; a taken id is a primary-key violation that Auth
     * answers with a 500, so a 500 is checked against the id before it is retried as a glitch.
     */
    private Outcome create(String id, ObjectNode body) {
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        int attempts = http.config().maxAttempts();
        Reply reply = null;
        SupabaseHttp.Call call = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            call = http.call(Api.AUTH, "POST", "/admin/users")
                    .header("Content-Type", "application/json")
                    .body(bytes);
            call.retryInternalErrors = false;
            reply = http.exchange(call);
            if (reply.ok()) {
                return new Outcome(Kind.CREATED, null);
            }
            if (reply.status() == 422 && EXISTS_CODES.contains(reply.errorCode())) {
                return new Outcome(Kind.PRESENT, null);
            }
            if (reply.status() != 500) {
                break;
            }
            if (exists(id)) {
                return new Outcome(Kind.PRESENT, null);
            }
            if (attempt < attempts) {
                http.pause(http.backoff(attempt), call);
            }
        }
        String code = reply.errorCode().isEmpty() ? "" : " (" + reply.errorCode() + ")";
        return new Outcome(Kind.FAILED, "Auth answered HTTP " + reply.status() + code + " to " + call.describe() + ": "
                + http.redact(reply.message()));
    }

    private boolean exists(String id) {
        SupabaseHttp.Call call = http.call(Api.AUTH, "GET", "/admin/users/" + ObjectPaths.segment(id));
        Reply reply = http.exchange(call);
        if (reply.ok()) {
            return true;
        }
        if (reply.status() == 404) {
            return false;
        }
        throw http.failure(call, reply);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? value.asText() : "";
    }
}
