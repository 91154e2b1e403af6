package io.supabackup.cli.command;

import com.google.inject.Guice;
import io.supabackup.adapters.crypto.CryptoConfig;
import io.supabackup.adapters.crypto.CryptoModule;
import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import io.supabackup.domain.model.EncryptionInfo;
import io.supabackup.domain.port.out.Encryptor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Proves the configured keys work before a backup depends on them: loads them, encrypts a small probe as a
 * backup would and, where a passphrase or a secret key is given, decrypts it again; a decrypt key is also
 * made to open a probe encrypted to itself, which proves its passphrase unlocks it.
 */
final class EncryptionProbe {
    private static final SecureRandom RANDOM = new SecureRandom();

    private EncryptionProbe() {
    }

    /** What was proven, in words; fails with the kind of the problem (WRONG_KEY for a key that does not fit). */
    static List<String> run(CryptoConfig keys) {
        Encryptor encryptor = encryptor(keys);
        boolean secret = keys.passphrase() != null || keys.decryptKeyFile() != null;
        List<String> parts = new ArrayList<>();
        byte[] probe = new byte[1024];
        RANDOM.nextBytes(probe);
        if (encryptor.canEncrypt()) {
            String opener = new EncryptionInfo(encryptor.name(), encryptor.recipientKeyIds(), encryptor.usesPassphrase())
                    .describe();
            parts.add("new backups are encrypted, to open with " + opener);
            byte[] ciphertext = encrypt(encryptor, probe);
            if (secret) {
                byte[] back;
                try {
                    back = decrypt(encryptor, ciphertext);
                } catch (SupabackupException e) {
                    throw new SupabackupException(FailureKind.WRONG_KEY, "the keys given cannot open what new backups "
                            + "are encrypted to: " + e.getMessage(), e.hint(), e);
                }
                requireSame(probe, back);
                parts.add("a probe encrypted with them decrypts again");
            } else {
                parts.add("this machine holds no secret key, so it cannot read them (as intended)");
            }
        } else {
            parts.add("new backups will not be encrypted (only a decrypt key is given)");
        }
        if (keys.decryptKeyFile() != null) {
            Encryptor toDecryptKey;
            try {
                toDecryptKey = encryptor(new CryptoConfig(List.of(keys.decryptKeyFile()), null, null, null, null));
            } catch (SupabackupException e) {
                // e.g. an expired key still decrypts old backups, but nothing can be encrypted to it any more
                parts.add("--decrypt-key was not tried: " + e.getMessage());
                return parts;
            }
            requireSame(probe, decrypt(encryptor, encrypt(toDecryptKey, probe)));
            parts.add("--decrypt-key " + keys.decryptKeyFile().getFileName() + " (key "
                    + String.join(", ", toDecryptKey.recipientKeyIds()) + ") unlocks and decrypts");
        }
        return parts;
    }

    /** The encryptor exactly as the application binds it; reading the key files happens here. */
    private static Encryptor encryptor(CryptoConfig keys) {
        return AbstractCommand.instance(Guice.createInjector(new CryptoModule(keys)), Encryptor.class);
    }

    private static byte[] encrypt(Encryptor encryptor, byte[] plain) {
        ByteArrayOutputStream ciphertext = new ByteArrayOutputStream();
        try (OutputStream out = encryptor.encrypt(ciphertext)) {
            out.write(plain);
        } catch (IOException e) {
            throw new SupabackupException(FailureKind.UNEXPECTED, "encrypting a probe failed: " + e.getMessage(),
                    "run again with --debug for details", e);
        }
        return ciphertext.toByteArray();
    }

    private static byte[] decrypt(Encryptor encryptor, byte[] ciphertext) {
        try (InputStream in = encryptor.decrypt(new ByteArrayInputStream(ciphertext))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new SupabackupException(FailureKind.UNEXPECTED, "decrypting a probe failed: " + e.getMessage(),
                    "run again with --debug for details", e);
        }
    }

    private static void requireSame(byte[] probe, byte[] back) {
        if (!Arrays.equals(probe, back)) {
            throw new SupabackupException(FailureKind.UNEXPECTED, "a probe came back different after encryption and "
                    + "decryption", "run again with --debug and report it");
        }
    }
}
