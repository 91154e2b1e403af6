package io.supabackup.adapters.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyGeneratorTest {
    @TempDir
    Path dir;

    @Test
    void writesAnArmoredPublicKeyAndAnOwnerOnlyPassphraseProtectedSecretKey() throws IOException {
        KeyGenerator.GeneratedKey key = generate("supabackup <backup@example.com>");

        assertThat(Files.readString(key.publicKeyFile())).startsWith("-----BEGIN PGP PUBLIC KEY BLOCK-----");
        assertThat(Files.readString(key.secretKeyFile())).startsWith("-----BEGIN PGP PRIVATE KEY BLOCK-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key.secretKeyFile())))
                .isEqualTo("rw-------");
        assertThat(key.fingerprint()).matches("[0-9A-F]{40}");
        assertThat(key.primaryKeyId()).isEqualTo("0x" + key.fingerprint().substring(24));
        assertThat(key.encryptionKeyId()).matches("0x[0-9A-F]{16}").isNotEqualTo(key.primaryKeyId());
        assertThat(new PgpEncryptor(Fixtures.encryptTo(List.of(key.publicKeyFile()), null)).keyIds())
                .containsExactly(key.encryptionKeyId());
    }

    @Test
    void gpgImportsTheKeyAsEd25519WithACurve25519EncryptionSubkeyAndNeedsThePassphrase() throws IOException {
        assumeThat(Gpg.available()).isTrue();
        KeyGenerator.GeneratedKey key = generate("supabackup <backup@example.com>");
        Gpg gpg = new Gpg(dir);

        gpg.importSecretKey(key.secretKeyFile(), Fixtures.KEY_PASSPHRASE);
        String listing = gpg.run("--with-colons", "--list-secret-keys", key.fingerprint()).ok().out();

        // sec: algorithm 22 (EdDSA) ed25519, can certify and sign; ssb: 18 (ECDH) cv25519, can encrypt.
        assertThat(listing).containsPattern("(?m)^sec:[^:]*:255:22:" + key.primaryKeyId().substring(2) + ":.*:scESC:.*ed25519");
        assertThat(listing).containsPattern("(?m)^ssb:[^:]*:255:18:" + key.encryptionKeyId().substring(2) + ":.*:e:.*cv25519");
        assertThat(listing).contains("supabackup <backup@example.com>");
        // The secret is really protected: gpg cannot export it without the passphrase.
        assertThat(gpg.run("wrong\n".getBytes(), "--passphrase-fd", "0", "--export-secret-keys", key.fingerprint())
                .exitCode()).isNotZero();
    }

    @Test
    void refusesToOverwriteAnExistingKeyFile() throws IOException {
        Files.writeString(dir.resolve("key.pub.asc"), "precious");

        assertThatThrownBy(() -> generate("x"))
                .isInstanceOfSatisfying(SupabackupException.class,
                        e -> assertThat(e.kind()).isEqualTo(FailureKind.REFUSED));
        assertThat(Files.readString(dir.resolve("key.pub.asc"))).isEqualTo("precious");
        assertThat(dir.resolve("key.sec.asc")).doesNotExist();
    }

    @Test
    void needsAPassphrase() {
        assertThatThrownBy(() -> KeyGenerator.generate("x", new char[0], dir.resolve("a"), dir.resolve("b")))
                .isInstanceOfSatisfying(SupabackupException.class,
                        e -> assertThat(e.kind()).isEqualTo(FailureKind.USAGE));
    }

    @Test
    void theDefaultUserIdNamesThisHost() {
        assertThat(KeyGenerator.defaultUserId()).matches("supabackup <backup@[^ >]+>");
    }

    private KeyGenerator.GeneratedKey generate(String userId) {
        return KeyGenerator.generate(userId, Fixtures.KEY_PASSPHRASE.toCharArray(),
                dir.resolve("key.pub.asc"), dir.resolve("key.sec.asc"));
    }
}
