package io.supabackup.testkit.supabase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** The Auth half of the fake project: its users, and the test-side API to seed and inspect them. */
public final class FakeAuth {
    private static final String BCRYPT_ALPHABET = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, AuthUser> users = new ConcurrentHashMap<>();
    /** Strictly increasing creation times, so paging by created_at has a total order as in a real table. */
    private Instant lastCreatedAt = Instant.EPOCH;

    /** Stores a user directly, as a database-level restore or the dashboard could; no uniqueness checks. */
    public AuthUser addUser(UserSpec spec) {
        String id = spec.id != null ? spec.id : UUID.randomUUID().toString();
        Instant created = spec.createdAt != null ? spec.createdAt : nextCreatedAt();
        List<Identity> identities = new ArrayList<>(defaultIdentities(id, spec.email, spec.phone, created));
        for (String[] extra : spec.extraIdentities) {
            identities.add(new Identity(UUID.randomUUID().toString(), extra[1], id, extra[0], parseObject(extra[2]),
                    spec.lastSignInAt, created, created));
        }
        ObjectNode appMetadata = defaultAppMetadata(identities);
        if (spec.appMetadataJson != null) {
            merge(appMetadata, parseObject(spec.appMetadataJson));
        }
        AuthUser user = new AuthUser(id, "authenticated", spec.role, lower(spec.email), nullToEmpty(spec.phone),
                spec.emailConfirmedAt, spec.phoneConfirmedAt, spec.lastSignInAt, created, created,
                spec.userMetadataJson == null ? null : parseObject(spec.userMetadataJson), appMetadata, identities,
                spec.bannedUntil, spec.anonymous, spec.passwordHash);
        users.put(id, user);
        return user;
    }

    /** Every user, oldest first. */
    public List<AuthUser> users() {
        List<AuthUser> result = new ArrayList<>(users.values());
        result.sort(Comparator.comparing(AuthUser::createdAt).thenComparing(AuthUser::id));
        return result;
    }

    public Optional<AuthUser> user(String id) {
        return Optional.ofNullable(users.get(id));
    }

    /** The stored hash ({@code encrypted_password}), which the HTTP API never reveals. */
    public String passwordHash(String id) {
        AuthUser user = users.get(id);
        if (user == null) {
            throw new NoSuchElementException("no user " + id);
        }
        return user.encryptedPassword();
    }

    public boolean removeUser(String id) {
        return users.remove(id) != null;
    }

    // ---- used by the HTTP side --------------------------------------------------------------------------

    /** Upstream sorts the admin list by created_at descending; ties are broken by id here to stay stable. */
    List<AuthUser> newestFirst() {
        List<AuthUser> result = new ArrayList<>(users.values());
        result.sort(Comparator.comparing(AuthUser::createdAt).thenComparing(AuthUser::id).reversed());
        return result;
    }

    synchronized Instant nextCreatedAt() {
        Instant now = FakeStorage.now();
        lastCreatedAt = now.isAfter(lastCreatedAt) ? now : lastCreatedAt.plusNanos(1000);
        return lastCreatedAt;
    }

    /** Adds the user unless the id, email or phone is taken; reports which one was. */
    synchronized String insertIfUnique(AuthUser user) {
        for (AuthUser existing : users.values()) {
            if (existing.id().equals(user.id())) {
                return "id";
            }
            if (!user.email().isEmpty() && existing.email().equals(user.email())) {
                return "email";
            }
            if (!user.phone().isEmpty() && existing.phone().equals(user.phone())) {
                return "phone";
            }
        }
        users.put(user.id(), user);
        return null;
    }

    boolean emailTaken(String email) {
        return users.values().stream().anyMatch(u -> u.email().equals(email));
    }

    boolean phoneTaken(String phone) {
        return users.values().stream().anyMatch(u -> u.phone().equals(phone));
    }

    static List<Identity> defaultIdentities(String userId, String email, String phone, Instant created) {
        List<Identity> identities = new ArrayList<>();
        if (email != null && !email.isEmpty()) {
            ObjectNode data = Call.JSON.createObjectNode();
            data.put("email", lower(email));
            data.put("email_verified", false);
            data.put("phone_verified", false);
            data.put("sub", userId);
            identities.add(new Identity(UUID.randomUUID().toString(), userId, userId, "email", data, null, created,
                    created));
        }
        if (phone != null && !phone.isEmpty()) {
            ObjectNode data = Call.JSON.createObjectNode();
            data.put("email_verified", false);
            data.put("phone", phone);
            data.put("phone_verified", false);
            data.put("sub", userId);
            identities.add(new Identity(UUID.randomUUID().toString(), userId, userId, "phone", data, null, created,
                    created));
        }
        return identities;
    }

    static ObjectNode defaultAppMetadata(List<Identity> identities) {
        ObjectNode app = Call.JSON.createObjectNode();
        if (!identities.isEmpty()) {
            app.put("provider", identities.get(0).provider());
            ArrayNode providers = app.putArray("providers");
            identities.stream().map(Identity::provider).distinct().forEach(providers::add);
        }
        return app;
    }

    /** Upstream's UpdateAppMetaData/UpdateUserMetaData: set each key, remove keys given as null. */
    static void merge(ObjectNode target, JsonNode updates) {
        if (updates == null || !updates.isObject()) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = updates.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getValue().isNull()) {
                target.remove(field.getKey());
            } else {
                target.set(field.getKey(), field.getValue().deepCopy());
            }
        }
    }

    /**
     * A bcrypt-shaped stand-in for hashing a plain password (no bcrypt library here): right prefix and
     * length, so clients treat it as bcrypt, but it does not verify with a real bcrypt.
     */
    static String fakeBcrypt(String password) {
        StringBuilder salt = new StringBuilder();
        for (int i = 0; i < 22; i++) {
            salt.append(BCRYPT_ALPHABET.charAt(RANDOM.nextInt(BCRYPT_ALPHABET.length())));
        }
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest((salt + password).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        StringBuilder hash = new StringBuilder("$2a$10$").append(salt);
        for (int i = 0; i < 31; i++) {
            hash.append(BCRYPT_ALPHABET.charAt((digest[i] & 0xff) % BCRYPT_ALPHABET.length()));
        }
        return hash.toString();
    }

    static ObjectNode parseObject(String json) {
        try {
            JsonNode node = Call.JSON.readTree(json);
            if (!(node instanceof ObjectNode object)) {
                throw new IllegalArgumentException("not a JSON object: " + json);
            }
            return object;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String lower(String email) {
        return email == null ? "" : email.toLowerCase(java.util.Locale.ROOT);
    }

    static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
