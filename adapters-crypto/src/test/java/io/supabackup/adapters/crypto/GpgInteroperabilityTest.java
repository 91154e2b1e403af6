package io.supabackup.adapters.crypto;

import static io.supabackup.adapters.crypto.Fixtures.KEY_PASSPHRASE;
import static io.supabackup.adapters.crypto.Fixtures.MESSAGE_PASSPHRASE;
import static io.supabackup.adapters.crypto.Fixtures.decrypt;
import static io.supabackup.adapters.crypto.Fixtures.decryptWith;
import static io.supabackup.adapters.crypto.Fixtures.encrypt;
import static io.supabackup.adapters.crypto.Fixtures.encryptTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both directions against the real GnuPG 2.2: what we write gpg reads, and what gpg writes we read. */
class GpgInteroperabilityTest {
    private static final String GPG_ECC = "gpg-ecc <ecc@example.com>";
    private static final String GPG_RSA = "gpg-rsa <rsa@example.com>";

    @TempDir
    static Path dir;
    static Gpg gpg;
    static Path gpgEccPublic;
    static Path gpgEccSecret;
    static Path gpgRsaPublic;
    static KeyGenerator.GeneratedKey ours;

    @BeforeAll
    static void setUp() throws IOException {
        assumeThat(Gpg.available()).as("gpg at " + Gpg.BINARY).isTrue();
        gpg = new Gpg(dir);
        gpg.generateKey(GPG_ECC, "future-default", KEY_PASSPHRASE);
        gpg.generateRsaKey(GPG_RSA, KEY_PASSPHRASE);
        gpgEccPublic = dir.resolve("gpg-ecc.pub.asc");
        gpgEccSecret = dir.resolve("gpg-ecc.sec.asc");
        gpgRsaPublic = dir.resolve("gpg-rsa.pub.asc");
        gpg.exportPublic(GPG_ECC, gpgEccPublic);
        gpg.exportSecret(GPG_ECC, KEY_PASSPHRASE, gpgEccSecret);
        gpg.exportPublic(GPG_RSA, gpgRsaPublic);
        ours = KeyGenerator.generate("supabackup <backup@example.com>", KEY_PASSPHRASE.toCharArray(),
                dir.resolve("ours.pub.asc"), dir.resolve("ours.sec.asc"));
        gpg.importSecretKey(ours.secretKeyFile(), KEY_PASSPHRASE);
    }

    @Test
    void gpgDecryptsWhatWeEncryptToAKeyGpgGenerated() throws IOException {
        PgpEncryptor encryptor = new PgpEncryptor(encryptTo(List.of(gpgEccPublic), null));
        assertThat(encryptor.keyIds()).containsExactlyElementsOf(gpg.encryptionSubkeyIds(GPG_ECC));

        assertGpgDecrypts(encryptor, KEY_PASSPHRASE);
    }

    @Test
    void gpgDecryptsWhatWeEncryptToAnRsaKey() throws IOException {
        PgpEncryptor encryptor = new PgpEncryptor(encryptTo(List.of(gpgRsaPublic), null));
        assertThat(encryptor.keyIds()).containsExactlyElementsOf(gpg.encryptionSubkeyIds(GPG_RSA));

        assertGpgDecrypts(encryptor, KEY_PASSPHRASE);
    }

    @Test
    void gpgDecryptsWhatWeEncryptToOurOwnGeneratedKey() throws IOException {
        assertGpgDecrypts(new PgpEncryptor(encryptTo(List.of(ours.publicKeyFile()), null)), KEY_PASSPHRASE);
    }

    @Test
    void gpgDecryptsWhatWeEncryptWithAPassphrase() throws IOException {
        assertGpgDecrypts(new PgpEncryptor(CryptoConfig.withPassphrase(MESSAGE_PASSPHRASE, null)),
                new String(MESSAGE_PASSPHRASE));
    }

    @Test
    void gpgDecryptsWithThePassphraseAMessageAlsoEncryptedToAKeyItDoesNotHave() throws IOException {
        Path stranger = dir.resolve("stranger.pub.asc");
        if (!Files.exists(stranger)) {
            KeyGenerator.generate("stranger", "x".toCharArray(), stranger, dir.resolve("stranger.sec.asc"));
        }
        assertGpgDecrypts(new PgpEncryptor(encryptTo(List.of(stranger), MESSAGE_PASSPHRASE)),
                new String(MESSAGE_PASSPHRASE));
    }

    @Test
    void ourOutputIsAes256InAnMdcProtectedPacketWithStreamedLengthsAndNoCompression() throws IOException {
        Path file = dir.resolve("packets.gpg");
        Files.write(file, encrypt(new PgpEncryptor(CryptoConfig.withPassphrase(MESSAGE_PASSPHRASE, null)),
                Fixtures.randomBytes(300_000, 5)));

        Gpg.Result listed = gpg.run((new String(MESSAGE_PASSPHRASE) + "\n").getBytes(StandardCharsets.UTF_8),
                "--passphrase-fd", "0", "--no-symkey-cache", "--verbose", "--list-packets", file.toString()).ok();
        String packets = listed.out() + listed.stderr();

        assertThat(packets)
                .contains(":symkey enc packet: version 4, cipher 9")
                .contains("s2k 3, hash 8")
                .contains("tag=18")
                .contains("mdc_method: 2")
                .contains(":literal data packet:")
                .contains("AES256")
                .doesNotContain("tag=20") // AEAD encrypted data, which gpg 2.2 cannot read
                .doesNotContain("tag=8"); // compressed data
        // Partial body lengths: neither packet declares a total length, nothing was buffered whole.
        assertThat(packets).containsPattern(":encrypted data packet:\\s+length: unknown");
        assertThat(packets).containsPattern(":literal data packet:\\s+mode b \\(62\\), created 0, name=\"\",\\s+raw data: unknown length");
    }

    @Test
    void weDecryptWhatGpgEncryptedToOurKey() throws IOException {
        byte[] plaintext = Fixtures.text(5000);
        Path file = gpgEncrypt(plaintext, "--trust-model", "always", "--recipient", ours.fingerprint(), "--encrypt");

        PgpEncryptor reader = new PgpEncryptor(decryptWith(ours.secretKeyFile(), KEY_PASSPHRASE, null));

        assertThat(decrypt(reader, Files.readAllBytes(file))).isEqualTo(plaintext);
    }

    @Test
    void weDecryptWhatGpgEncryptedToItsOwnKeyWithTheExportedSecretKey() throws IOException {
        byte[] plaintext = Fixtures.randomBytes(100_000, 6);
        Path file = gpgEncrypt(plaintext, "--trust-model", "always", "--recipient", GPG_ECC, "--encrypt");

        PgpEncryptor reader = new PgpEncryptor(decryptWith(gpgEccSecret, KEY_PASSPHRASE, null));

        assertThat(decrypt(reader, Files.readAllBytes(file))).isEqualTo(plaintext);
    }

    @Test
    void weDecryptWhatGpgSignedAndEncryptedArmored() throws IOException {
        byte[] plaintext = Fixtures.text(100);
        Path file = gpgEncrypt(plaintext, "--trust-model", "always", "--armor", "--local-user", GPG_ECC,
                "--recipient", ours.fingerprint(), "--sign", "--encrypt");

        PgpEncryptor reader = new PgpEncryptor(decryptWith(ours.secretKeyFile(), KEY_PASSPHRASE, null));

        assertThat(decrypt(reader, Files.readAllBytes(file))).isEqualTo(plaintext);
    }

    @Test
    void weDecryptWhatGpgEncryptedSymmetrically() throws IOException {
        byte[] plaintext = Fixtures.text(3000);
        Path file = gpgEncrypt(plaintext, "--symmetric", "--cipher-algo", "AES256");

        PgpEncryptor reader = new PgpEncryptor(CryptoConfig.withPassphrase(MESSAGE_PASSPHRASE, null));

        assertThat(decrypt(reader, Files.readAllBytes(file))).isEqualTo(plaintext);
    }

    @Test
    void theReadmeRecipeOpensACompressedEncryptedFile() throws Exception {
        byte[] plaintext = Fixtures.text(20_000);
        Path file = dir.resolve("dump.sql.zst.gpg");
        PgpEncryptor encryptor = new PgpEncryptor(encryptTo(List.of(ours.publicKeyFile()), null));
        try (OutputStream out = Compression.DEFAULT.compress(encryptor.encrypt(Files.newOutputStream(file)))) {
            out.write(plaintext);
        }
        Path passphraseFile = Files.writeString(dir.resolve("key-passphrase"), KEY_PASSPHRASE);
        Path restored = dir.resolve("dump.sql");

        Process process = new ProcessBuilder("bash", "-c", "set -o pipefail; gpg --homedir \"$1\" --batch --quiet "
                + "--pinentry-mode loopback --passphrase-file \"$2\" --decrypt \"$3\" | zstd -q -d > \"$4\"",
                "recipe", dir.resolve("gnupg").toString(), passphraseFile.toString(), file.toString(),
                restored.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor()).as(output).isZero();
        assertThat(Files.readAllBytes(restored)).isEqualTo(plaintext);
    }

    private static void assertGpgDecrypts(PgpEncryptor encryptor, String passphrase) throws IOException {
        byte[] plaintext = Fixtures.randomBytes(200_000, 7);
        Path file = Files.createTempFile(dir, "ours", ".gpg");
        Files.write(file, encrypt(encryptor, plaintext));

        Gpg.Result result = gpg.decrypt(file, passphrase).ok();

        assertThat(result.stdout()).isEqualTo(plaintext);
    }

    private static Path gpgEncrypt(byte[] plaintext, String... args) throws IOException {
        Path input = Files.createTempFile(dir, "plain", ".bin");
        Files.write(input, plaintext);
        Path output = Path.of(input + ".gpg");
        List<String> command = new java.util.ArrayList<>(List.of("--passphrase-fd", "0", "--output",
                output.toString()));
        command.addAll(List.of(args));
        command.add(input.toString());
        String passphrase = List.of(args).contains("--symmetric") ? new String(MESSAGE_PASSPHRASE) : KEY_PASSPHRASE;
        gpg.run((passphrase + "\n").getBytes(StandardCharsets.UTF_8), command.toArray(String[]::new)).ok();
        return output;
    }
}
