package io.supabackup.adapters.crypto;

import static io.supabackup.adapters.crypto.Fixtures.KEY_PASSPHRASE;
import static io.supabackup.adapters.crypto.Fixtures.MESSAGE_PASSPHRASE;
import static io.supabackup.adapters.crypto.Fixtures.decrypt;
import static io.supabackup.adapters.crypto.Fixtures.decryptWith;
import static io.supabackup.adapters.crypto.Fixtures.encrypt;
import static io.supabackup.adapters.crypto.Fixtures.encryptTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PgpEncryptorTest {
    @TempDir
    static Path keys;
    static KeyGenerator.GeneratedKey alice;
    static KeyGenerator.GeneratedKey bob;

    @BeforeAll
    static void generateKeys() {
        alice = KeyGenerator.generate("alice <alice@example.com>", KEY_PASSPHRASE.toCharArray(),
                keys.resolve("alice.pub.asc"), keys.resolve("alice.sec.asc"));
        bob = KeyGenerator.generate("bob <bob@example.com>", "bob's own".toCharArray(),
                keys.resolve("bob.pub.asc"), keys.resolve("bob.sec.asc"));
    }

    private static PgpEncryptor aliceReader() {
        return new PgpEncryptor(decryptWith(alice.secretKeyFile(), KEY_PASSPHRASE, null));
    }

    @Test
    void roundTripsToAPublicKey() throws IOException {
        byte[] plaintext = Fixtures.text(2000);
        byte[] ciphertext = encrypt(new PgpEncryptor(encryptTo(List.of(alice.publicKeyFile()), null)), plaintext);

        assertThat(decrypt(aliceReader(), ciphertext)).isEqualTo(plaintext);
        assertThat(new String(ciphertext, StandardCharsets.ISO_8859_1))
                .doesNotContain(new String(plaintext, 0, 32, StandardCharsets.ISO_8859_1));
    }

    @Test
    void roundTripsWithAPassphraseOnly() throws IOException {
        byte[] plaintext = Fixtures.randomBytes(300_000, 1);
        PgpEncryptor encryptor = new PgpEncryptor(CryptoConfig.withPassphrase(MESSAGE_PASSPHRASE, null));

        assertThat(decrypt(encryptor, encrypt(encryptor, plaintext))).isEqualTo(plaintext);
    }

    @Test
    void eitherTheKeyOrThePassphraseOpensAMessageEncryptedToBoth() throws IOException {
        byte[] plaintext = Fixtures.text(100);
        byte[] ciphertext = encrypt(
                new PgpEncryptor(encryptTo(List.of(alice.publicKeyFile()), MESSAGE_PASSPHRASE)), plaintext);

        assertThat(decrypt(aliceReader(), ciphertext)).isEqualTo(plaintext);
        assertThat(decrypt(new PgpEncryptor(CryptoConfig.withPassphrase(MESSAGE_PASSPHRASE, null)), ciphertext))
                .isEqualTo(plaintext);
    }

    @Test
    void eachOfTwoRecipientsOpensTheMessage() throws IOException {
        byte[] plaintext = Fixtures.text(100);
        byte[] ciphertext = encrypt(new PgpEncryptor(
                encryptTo(List.of(alice.publicKeyFile(), bob.publicKeyFile()), null)), plaintext);

        assertThat(decrypt(aliceReader(), ciphertext)).isEqualTo(plaintext);
        assertThat(decrypt(new PgpEncryptor(decryptWith(bob.secretKeyFile(), "bob's own", null)), ciphertext))
                .isEqualTo(plaintext);
    }

    @Test
    void aKeyFileHoldingSeveralKeysEncryptsToEachOfTheirEncryptionSubkeys() throws IOException {
        Path both = keys.resolve("both-" + System.nanoTime() + ".asc");
        Files.write(both, concat(Files.readAllBytes(alice.publicKeyFile()), Files.readAllBytes(bob.publicKeyFile())));

        PgpEncryptor encryptor = new PgpEncryptor(encryptTo(List.of(both), null));

        assertThat(encryptor.keyIds()).containsExactly(alice.encryptionKeyId(), bob.encryptionKeyId());
        assertThat(encryptor.keyIds()).doesNotContain(alice.primaryKeyId());
        byte[] plaintext = Fixtures.text(10);
        assertThat(decrypt(aliceReader(), encrypt(encryptor, plaintext))).isEqualTo(plaintext);
    }

    @Test
    void theEmptyFileRoundTrips() throws IOException {
        PgpEncryptor encryptor = new PgpEncryptor(
                new CryptoConfig(List.of(alice.publicKeyFile()), null, alice.secretKeyFile(),
                        KEY_PASSPHRASE.toCharArray(), null));

        assertThat(decrypt(encryptor, encrypt(encryptor, new byte[0]))).isEmpty();
    }

    @Test
    void closingTheEncryptingStreamClosesTheTargetOnce() throws IOException {
        int[] closes = {0};
        OutputStream target = new ByteArrayOutputStream() {
            @Override
            public void close() {
                closes[0]++;
            }
        };
        OutputStream out = new PgpEncryptor(CryptoConfig.withPassphrase(MESSAGE_PASSPHRASE, null)).encrypt(target);
        out.write(1);
        out.close();
        out.close();

        assertThat(closes[0]).isEqualTo(1);
    }

    @Test
    void aWrongKeyIsRefusedNamingTheKeyIdsTheFileNeeds() throws IOException {
        byte[] ciphertext = encrypt(new PgpEncryptor(encryptTo(List.of(alice.publicKeyFile()), null)), new byte[10]);
        PgpEncryptor bobReader = new PgpEncryptor(decryptWith(bob.secretKeyFile(), "bob's own", null));

        assertThatThrownBy(() -> decrypt(bobReader, ciphertext))
                .isInstanceOfSatisfying(SupabackupException.class,
                        e -> assertThat(e.kind()).isEqualTo(FailureKind.WRONG_KEY))
                .hasMessageContaining(alice.encryptionKeyId())
                .hasMessageContaining(bob.encryptionKeyId())
                .hasMessageNotContaining("bob's own");
    }

    @Test
    void aWrongPassphraseIsRefused() throws IOException {
        byte[] ciphertext = encrypt(new PgpEncryptor(CryptoConfig.withPassphrase(MESSAGE_PASSPHRASE, null)),
                Fixtures.text(10));

        assertThatThrownBy(() -> decrypt(new PgpEncryptor(CryptoConfig.withPassphrase("guess".toCharArray(), null)),
                ciphertext))
                .isInstanceOfSatisfying(SupabackupException.class,
                        e -> assertThat(e.kind()).isEqualTo(FailureKind.WRONG_KEY))
                .hasMessageContaining("passphrase")
                .hasMessageNotContaining("guess");
    }

    @Test
    void aWrongPassphraseIsRefusedWhenTheFileIsAlsoEncryptedToAKey() throws IOException {
        byte[] ciphertext = encrypt(
                new PgpEncryptor(encryptTo(List.of(alice.publicKeyFile()), MESSAGE_PASSPHRASE)), Fixtures.text(10));

        assertThatThrownBy(() -> decrypt(new PgpEncryptor(CryptoConfig.withPassphrase("guess".toCharArray(), null)),
                ciphertext))
                .isInstanceOfSatisfying(SupabackupException.class,
                        e -> assertThat(e.kind()).isEqualTo(FailureKind.WRONG_KEY))
                .hasMessageContaining(alice.encryptionKeyId())
                .hasMessageContaining("or a passphrase")
                .hasMessageContaining("passphrase is wrong");
    }

    @Test
    void aWrongPassphraseForTheSecretKeyIsRefused() throws IOException {
        byte[] ciphertext = encrypt(new PgpEncryptor(encryptTo(List.of(alice.publicKeyFile()), null)), new byte[10]);
        PgpEncryptor reader = new PgpEncryptor(decryptWith(alice.secretKeyFile(), "not it", null));

        assertThatThrownBy(() -> decrypt(reader, ciphertext))
                .isInstanceOfSatisfying(SupabackupException.class,
                        e -> assertThat(e.kind()).isEqualTo(FailureKind.WRONG_KEY))
                .hasMessageContaining(alice.encryptionKeyId())
                .hasMessageNotContaining("not it");
    }

    @Test
    void withoutAnyKeyTheErrorSaysWhichKeysOrThatAPassphraseIsNeeded() throws IOException {
        PgpEncryptor nothing = new PgpEncryptor(new CryptoConfig(List.of(), null, null, null, null));
        byte[] toKey = encrypt(new PgpEncryptor(encryptTo(List.of(alice.publicKeyFile()), null)), new byte[10]);
        byte[] toPassphrase = encrypt(new PgpEncryptor(CryptoConfig.withPassphrase(MESSAGE_PASSPHRASE, null)),
                new byte[10]);

        assertThatThrownBy(() -> decrypt(nothing, toKey))
                .isInstanceOfSatisfying(SupabackupException.class, e -> {
                    assertThat(e.kind()).isEqualTo(FailureKind.USAGE);
                    assertThat(e.hint()).contains("--decrypt-key");
                })
                .hasMessageContaining("encrypted to key " + alice.encryptionKeyId())
                .hasMessageContaining("no decrypt key or passphrase was given");
        assertThatThrownBy(() -> decrypt(nothing, toPassphrase))
                .isInstanceOfSatisfying(SupabackupException.class,
                        e -> assertThat(e.kind()).isEqualTo(FailureKind.USAGE))
                .hasMessageContaining("encrypted to a passphrase");
    }

    @Test
    void encryptingToNothingIsAUsageError() {
        PgpEncryptor nothing = new PgpEncryptor(new CryptoConfig(List.of(), null, null, null, null));

        assertThatThrownBy(() -> nothing.encrypt(new ByteArrayOutputStream()))
                .isInstanceOfSatisfying(SupabackupException.class,
                        e -> assertThat(e.kind()).isEqualTo(FailureKind.USAGE));
    }

    @Test
    void aMissingKeyFileIsAUsageError() {
        assertThatThrownBy(() -> new PgpEncryptor(encryptTo(List.of(keys.resolve("nope.asc")), null)))
                .isInstanceOfSatisfying(SupabackupException.class,
                        e -> assertThat(e.kind()).isEqualTo(FailureKind.USAGE))
                .hasMessageContaining("nope.asc");
    }

    @Test
    void aFileThatIsNoKeyIsAUsageError() throws IOException {
        Path junk = Files.writeString(keys.resolve("junk-" + System.nanoTime() + ".asc"), "hello\n");

        assertThatThrownBy(() -> new PgpEncryptor(encryptTo(List.of(junk), null)))
                .isInstanceOfSatisfying(SupabackupException.class,
                        e -> assertThat(e.kind()).isEqualTo(FailureKind.USAGE));
    }

    @ParameterizedTest
    @ValueSource(ints = {50, 100_000, 250_000, 499_000})
    void aFlippedByteIsDetectedAsModification(int position) throws IOException {
        PgpEncryptor encryptor = keyAndPassphraseEncryptor();
        byte[] ciphertext = encrypt(encryptor, Fixtures.randomBytes(500_000, 2));
        ciphertext[position] ^= 0x01;

        assertThatThrownBy(() -> decrypt(encryptor, ciphertext))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("modified or truncated");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 21, 22, 23, 1000, 250_000})
    void aTruncatedMessageIsDetected(int cut) throws IOException {
        PgpEncryptor encryptor = keyAndPassphraseEncryptor();
        byte[] ciphertext = encrypt(encryptor, Fixtures.randomBytes(500_000, 3));
        byte[] truncated = Arrays.copyOf(ciphertext, ciphertext.length - cut);

        assertThatThrownBy(() -> decrypt(encryptor, truncated))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("modified or truncated");
    }

    @Test
    void theEndOfStreamComesOnlyAfterTheIntegrityCheck() throws IOException {
        PgpEncryptor encryptor = keyAndPassphraseEncryptor();
        byte[] plaintext = Fixtures.randomBytes(200_000, 4);
        byte[] ciphertext = encrypt(encryptor, plaintext);
        ciphertext[ciphertext.length - 5] ^= 0x40; // inside the MDC: every data byte still decrypts right

        try (InputStream in = encryptor.decrypt(new ByteArrayInputStream(ciphertext))) {
            assertThat(in.readNBytes(plaintext.length)).isEqualTo(plaintext);
            assertThatThrownBy(in::read).isInstanceOf(IOException.class).hasMessageContaining("modified or truncated");
        }
    }

    @Test
    void somethingThatIsNotAnEncryptedMessageIsRejected() {
        PgpEncryptor encryptor = keyAndPassphraseEncryptor();

        assertThatThrownBy(() -> decrypt(encryptor, "plain text, not OpenPGP".getBytes()))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> decrypt(encryptor, new byte[0])).isInstanceOf(IOException.class);
    }

    private static PgpEncryptor keyAndPassphraseEncryptor() {
        return new PgpEncryptor(new CryptoConfig(List.of(alice.publicKeyFile()), MESSAGE_PASSPHRASE,
                alice.secretKeyFile(), KEY_PASSPHRASE.toCharArray(), null));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
