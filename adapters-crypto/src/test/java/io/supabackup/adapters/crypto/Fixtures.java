package io.supabackup.adapters.crypto;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/** Keys made once per JVM (the S2K makes them cost a fraction of a second each) and small helpers. */
final class Fixtures {
    static final String KEY_PASSPHRASE = "correct horse battery staple";
    static final char[] MESSAGE_PASSPHRASE = "a passphrase for the files".toCharArray();

    private Fixtures() {
    }

    static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }

    static byte[] text(int lines) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            text.append(i).append('\t').append("user").append(i % 97).append("@example.com\t2026-01-0")
                    .append(i % 9 + 1).append(" 12:00:00+00\t{\"plan\": \"pro\", \"seats\": ").append(i % 13).append("}\n");
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] encrypt(PgpEncryptor encryptor, byte[] plaintext) throws IOException {
        ByteArrayOutputStream ciphertext = new ByteArrayOutputStream();
        try (OutputStream out = encryptor.encrypt(ciphertext)) {
            out.write(plaintext);
        }
        return ciphertext.toByteArray();
    }

    static byte[] decrypt(PgpEncryptor encryptor, byte[] ciphertext) throws IOException {
        try (InputStream in = encryptor.decrypt(new ByteArrayInputStream(ciphertext))) {
            return in.readAllBytes();
        }
    }

    static CryptoConfig encryptTo(List<Path> recipients, char[] passphrase) {
        return new CryptoConfig(recipients, passphrase, null, null, null);
    }

    static CryptoConfig decryptWith(Path secretKey, String keyPassphrase, char[] passphrase) {
        return new CryptoConfig(List.of(), passphrase, secretKey,
                keyPassphrase == null ? null : keyPassphrase.toCharArray(), null);
    }
}
