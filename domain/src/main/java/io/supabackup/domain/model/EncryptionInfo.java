package io.supabackup.domain.model;

import java.util.List;
import java.util.Objects;

/**
 * What opens an encrypted backup: the ids of the public keys it is encrypted to, and whether a
 * passphrase opens it too. Public information, kept readable so that a user knows which key to fetch.
 */
public record EncryptionInfo(String scheme, List<String> keyIds, boolean passphrase) {
    public EncryptionInfo {
        Objects.requireNonNull(scheme, "scheme");
        keyIds = List.copyOf(keyIds);
    }

    /** e.g. {@code key 0x1234ABCD5678EF90 or a passphrase}. */
    public String describe() {
        String keys = keyIds.isEmpty() ? "" : (keyIds.size() == 1 ? "key " : "keys ") + String.join(", ", keyIds);
        return passphrase ? (keys.isEmpty() ? "a passphrase" : keys + " or a passphrase") : keys;
    }
}
