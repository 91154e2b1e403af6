package io.supabackup.testkit.supabase;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/**
 * A row of {@code auth.users} as the fake holds it. {@code email} and {@code phone} are {@code ""} when unset,
 * as the API renders them. {@code userMetadata} may be {@code null} (upstream leaves it null for a user created
 * with {@code password_hash} and no metadata). {@code encryptedPassword} is what the API never returns.
 */
public record AuthUser(String id, String aud, String role, String email, String phone, Instant emailConfirmedAt,
                       Instant phoneConfirmedAt, Instant lastSignInAt, Instant createdAt, Instant updatedAt,
                       ObjectNode userMetadata, ObjectNode appMetadata, List<Identity> identities,
                       Instant bannedUntil, boolean isAnonymous, String encryptedPassword) {
    public AuthUser {
        userMetadata = userMetadata == null ? null : userMetadata.deepCopy();
        appMetadata = appMetadata.deepCopy();
        identities = List.copyOf(identities);
    }

    @Override
    public ObjectNode userMetadata() {
        return userMetadata == null ? null : userMetadata.deepCopy();
    }

    @Override
    public ObjectNode appMetadata() {
        return appMetadata.deepCopy();
    }

    /** The generated column: the earlier of the two confirmation times. */
    public Instant confirmedAt() {
        if (emailConfirmedAt == null) {
            return phoneConfirmedAt;
        }
        if (phoneConfirmedAt == null) {
            return emailConfirmedAt;
        }
        return emailConfirmedAt.isBefore(phoneConfirmedAt) ? emailConfirmedAt : phoneConfirmedAt;
    }
}
