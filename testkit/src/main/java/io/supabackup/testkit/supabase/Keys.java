package io.supabackup.testkit.supabase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The project's API keys. Legacy keys are HS256 JWTs signed with the project's JWT secret (as Supabase
 * issues them); new keys are opaque {@code sb_secret_…} / {@code sb_publishable_…} strings that the
 * gateway swaps for a short-lived role JWT before the request reaches Storage or Auth.
 */
final class Keys {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private final byte[] jwtSecret = new byte[32];
    final String serviceRole;
    final String anon;
    final String secret;
    final String publishable;

    Keys() {
        SecureRandom random = new SecureRandom();
        random.nextBytes(jwtSecret);
        long now = Instant.now().getEpochSecond();
        serviceRole = sign("{\"iss\":\"supabase\",\"ref\":\"fakeproject\",\"role\":\"service_role\",\"iat\":" + now
                + ",\"exp\":" + (now + 10L * 365 * 24 * 3600) + "}");
        anon = sign("{\"iss\":\"supabase\",\"ref\":\"fakeproject\",\"role\":\"anon\",\"iat\":" + now
                + ",\"exp\":" + (now + 10L * 365 * 24 * 3600) + "}");
        secret = "sb_secret_" + randomToken(random);
        publishable = "sb_publishable_" + randomToken(random);
    }

    private static String randomToken(SecureRandom random) {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return B64URL.encodeToString(bytes);
    }

    boolean isKnownApiKey(String key) {
        return serviceRole.equals(key) || anon.equals(key) || secret.equals(key) || publishable.equals(key);
    }

    /** The role the gateway assigns to an opaque key when it mints the upstream JWT. */
    String roleOfOpaqueKey(String key) {
        return secret.equals(key) ? "service_role" : "anon";
    }

    static boolean isOpaque(String key) {
        return key.startsWith("sb_secret_") || key.startsWith("sb_publishable_");
    }

    String sign(String payloadJson) {
        String header = B64URL.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = B64URL.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + "." + B64URL.encodeToString(hmac(header + "." + payload));
    }

    private byte[] hmac(String signingInput) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(jwtSecret, "HmacSHA256"));
            return mac.doFinal(signingInput.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Why a token was refused, in the words each service uses. */
    enum JwtProblem {
        MISSING("jwt must be provided", "This endpoint requires a Bearer token"),
        MALFORMED("jwt malformed", "token is malformed: token contains an invalid number of segments"),
        BAD_SIGNATURE("invalid signature", "token signature is invalid: signature is invalid"),
        EXPIRED("jwt expired", "token has invalid claims: token is expired");

        final String storageMessage;
        final String authMessage;

        JwtProblem(String storageMessage, String authMessage) {
            this.storageMessage = storageMessage;
            this.authMessage = authMessage;
        }
    }

    /** Either a verified role or the reason the token was refused. */
    record Verified(String role, JwtProblem problem) {
        boolean ok() {
            return problem == null;
        }
    }

    Verified verify(String token) {
        if (token == null || token.isEmpty()) {
            return new Verified(null, JwtProblem.MISSING);
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return new Verified(null, JwtProblem.MALFORMED);
        }
        JsonNode payload;
        byte[] signature;
        try {
            payload = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            signature = Base64.getUrlDecoder().decode(parts[2]);
        } catch (IllegalArgumentException | java.io.IOException e) {
            return new Verified(null, JwtProblem.MALFORMED);
        }
        if (!MessageDigest.isEqual(signature, hmac(parts[0] + "." + parts[1]))) {
            return new Verified(null, JwtProblem.BAD_SIGNATURE);
        }
        if (payload.has("exp") && payload.get("exp").asLong() < Instant.now().getEpochSecond()) {
            return new Verified(null, JwtProblem.EXPIRED);
        }
        return new Verified(payload.path("role").asText("anon"), null);
    }
}
