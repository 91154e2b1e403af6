package io.supabackup.testkit.supabase;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A user to seed with {@link FakeAuth#addUser(UserSpec)}, including what the admin API cannot set
 * (created_at, last sign-in, OAuth identities):
 * {@code UserSpec.withEmail("ann@example.com").passwordHash("$2a$10$...").identity("github", "4711", "{}")}.
 */
public final class UserSpec {
    String id;
    String email;
    String phone;
    String passwordHash;
    Instant emailConfirmedAt;
    Instant phoneConfirmedAt;
    Instant lastSignInAt;
    Instant createdAt;
    String userMetadataJson = "{}";
    String appMetadataJson;
    String role = "authenticated";
    Instant bannedUntil;
    boolean anonymous;
    final List<String[]> extraIdentities = new ArrayList<>();

    private UserSpec() {
    }

    public static UserSpec withEmail(String email) {
        UserSpec spec = new UserSpec();
        spec.email = email;
        return spec;
    }

    public static UserSpec withPhone(String phone) {
        UserSpec spec = new UserSpec();
        spec.phone = phone;
        return spec;
    }

    /** A user without email or phone, as an anonymous sign-in creates. */
    public static UserSpec anonymous() {
        UserSpec spec = new UserSpec();
        spec.anonymous = true;
        return spec;
    }

    public UserSpec id(String id) {
        this.id = id;
        return this;
    }

    public UserSpec phone(String phone) {
        this.phone = phone;
        return this;
    }

    /** Stored verbatim, e.g. a bcrypt {@code $2a$10$...} string. */
    public UserSpec passwordHash(String hash) {
        this.passwordHash = hash;
        return this;
    }

    public UserSpec emailConfirmedAt(Instant at) {
        this.emailConfirmedAt = at;
        return this;
    }

    public UserSpec phoneConfirmedAt(Instant at) {
        this.phoneConfirmedAt = at;
        return this;
    }

    public UserSpec lastSignInAt(Instant at) {
        this.lastSignInAt = at;
        return this;
    }

    public UserSpec createdAt(Instant at) {
        this.createdAt = at;
        return this;
    }

    public UserSpec userMetadata(String json) {
        this.userMetadataJson = json;
        return this;
    }

    /** Merged over the default {@code {"provider":...,"providers":[...]}}. */
    public UserSpec appMetadata(String json) {
        this.appMetadataJson = json;
        return this;
    }

    public UserSpec role(String role) {
        this.role = role;
        return this;
    }

    public UserSpec bannedUntil(Instant until) {
        this.bannedUntil = until;
        return this;
    }

    /** An extra identity such as an OAuth login, on top of the email/phone identities added automatically. */
    public UserSpec identity(String provider, String providerId, String identityDataJson) {
        extraIdentities.add(new String[] {provider, providerId, identityDataJson});
        return this;
    }
}
