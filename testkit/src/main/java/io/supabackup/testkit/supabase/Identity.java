package io.supabackup.testkit.supabase;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * A row of {@code auth.identities}: how a user signs in ({@code email}, {@code phone}, {@code github}, …).
 *
 * @param providerId the provider's subject (the user id for email and phone identities)
 */
public record Identity(String identityId, String providerId, String userId, String provider, ObjectNode identityData,
                       Instant lastSignInAt, Instant createdAt, Instant updatedAt) {
    public Identity {
        identityData = identityData.deepCopy();
    }

    @Override
    public ObjectNode identityData() {
        return identityData.deepCopy();
    }
}
