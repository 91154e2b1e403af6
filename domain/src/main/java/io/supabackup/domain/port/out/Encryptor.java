package io.supabackup.domain.port.out;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/** Streaming encryption of the files a repository writes. */
public interface Encryptor {
    /** The name recorded in the manifest for files this encryptor wrote, e.g. {@code openpgp}. */
    String name();

    /** Wraps {@code ciphertext}: what is written to the result is encrypted into it. Closing finishes the message. */
    OutputStream encrypt(OutputStream ciphertext) throws IOException;

    /** Wraps {@code ciphertext}: reading the result yields the plaintext, and fails if it was tampered with. */
    InputStream decrypt(InputStream ciphertext) throws IOException;

    /** False when this encryptor was given only what decrypts (a secret key), so new files stay unencrypted. */
    default boolean canEncrypt() {
        return true;
    }

    /** The ids of the public keys new files are encrypted to, e.g. {@code 0x1234ABCD5678EF90}. */
    default List<String> recipientKeyIds() {
        return List.of();
    }

    /** True when new files can also be opened with a passphrase. */
    default boolean usesPassphrase() {
        return false;
    }
}
