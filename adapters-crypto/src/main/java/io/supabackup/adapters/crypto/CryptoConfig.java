package io.supabackup.adapters.crypto;

import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Settings of this adapter. Encryption goes to every recipient key and/or the passphrase; decryption uses
 * the decrypt key (unlocked with {@code decryptKeyPassphrase}, or with {@code passphrase} when that is
 * not given) and/or the passphrase. Passphrases are copied in and out and never appear in {@link #toString()}.
 *
 * @param recipientKeyFiles    public key files (armored or binary, one or more keys each); may be empty
 * @param passphrase           symmetric passphrase, or {@code null}
 * @param decryptKeyFile       secret key file for restore and verify, or {@code null}
 * @param decryptKeyPassphrase passphrase protecting {@code decryptKeyFile}, or {@code null}
 * @param compression          what to compress with before encrypting; {@code null} means zstd level 3
 */
public record CryptoConfig(List<Path> recipientKeyFiles, char[] passphrase, Path decryptKeyFile,
                           char[] decryptKeyPassphrase, Compression compression) {
    public CryptoConfig {
        recipientKeyFiles = List.copyOf(recipientKeyFiles == null ? List.of() : recipientKeyFiles);
        passphrase = checkedCopy(passphrase, "passphrase");
        decryptKeyPassphrase = checkedCopy(decryptKeyPassphrase, "decrypt key passphrase");
        compression = compression == null ? Compression.DEFAULT : compression;
    }

    /** Passphrase-only encryption and decryption. */
    public static CryptoConfig withPassphrase(char[] passphrase, Compression compression) {
        return new CryptoConfig(List.of(), Objects.requireNonNull(passphrase, "passphrase"), null, null, compression);
    }

    /** True when there is something to encrypt to: a recipient key or a passphrase. */
    public boolean canEncrypt() {
        return !recipientKeyFiles.isEmpty() || passphrase != null;
    }

    @Override
    public char[] passphrase() {
        return passphrase == null ? null : passphrase.clone();
    }

    @Override
    public char[] decryptKeyPassphrase() {
        return decryptKeyPassphrase == null ? null : decryptKeyPassphrase.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CryptoConfig that
                && recipientKeyFiles.equals(that.recipientKeyFiles)
                && Arrays.equals(passphrase, that.passphrase)
                && Objects.equals(decryptKeyFile, that.decryptKeyFile)
                && Arrays.equals(decryptKeyPassphrase, that.decryptKeyPassphrase)
                && compression.equals(that.compression);
    }

    @Override
    public int hashCode() {
        return Objects.hash(recipientKeyFiles, decryptKeyFile, compression);
    }

    @Override
    public String toString() {
        return "CryptoConfig[recipientKeyFiles=" + recipientKeyFiles
                + ", passphrase=" + (passphrase == null ? "none" : "***")
                + ", decryptKeyFile=" + decryptKeyFile
                + ", decryptKeyPassphrase=" + (decryptKeyPassphrase == null ? "none" : "***")
                + ", compression=" + compression + "]";
    }

    private static char[] checkedCopy(char[] secret, String what) {
        if (secret == null) {
            return null;
        }
        if (secret.length == 0) {
            throw new SupabackupException(FailureKind.USAGE, "the " + what + " is empty",
                    "give a non-empty " + what + " or none at all");
        }
        return secret.clone();
    }
}
