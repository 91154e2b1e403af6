package io.supabackup.adapters.crypto;

import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Date;
import java.util.Locale;
import java.util.Objects;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.CompressionAlgorithmTags;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyPacket;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.bcpg.sig.Features;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.generators.X25519KeyPairGenerator;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.crypto.params.X25519KeyGenerationParameters;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.operator.PGPDigestCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyEncryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPKeyPair;
import org.bouncycastle.util.encoders.Hex;

/**
 * Makes a backup keypair GnuPG 2.2 imports and uses as is: a v4 Ed25519 certify/sign primary key with a
 * v4 Curve25519 ECDH encryption subkey (what {@code gpg --quick-gen-key ... future-default} makes), the
 * secret key protected by a passphrase with AES-256 and iterated+salted SHA-256 S2K, written armored.
 */
public final class KeyGenerator {
    /** S2K count for the secret key (65,011,712 bytes): paid once per run, so as high as gpg's own. */
    static final int SECRET_KEY_S2K_COUNT = 0xFF;

    /** What was generated; key ids as gpg prints them, the fingerprint as 40 hex digits. */
    public record GeneratedKey(String userId, String fingerprint, String primaryKeyId, String encryptionKeyId,
                               Path publicKeyFile, Path secretKeyFile) {
    }

    private KeyGenerator() {
    }

    /** {@code supabackup <backup@HOST>} with this machine's host name. */
    public static String defaultUserId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "localhost";
        }
        return "supabackup <backup@" + host.toLowerCase(Locale.ROOT) + ">";
    }

    /**
     * Writes {@code publicKeyFile} and {@code secretKeyFile} (owner-only where the file system allows),
     * refusing to overwrite either.
     */
    public static GeneratedKey generate(String userId, char[] passphrase, Path publicKeyFile, Path secretKeyFile) {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(publicKeyFile, "publicKeyFile");
        Objects.requireNonNull(secretKeyFile, "secretKeyFile");
        if (passphrase == null || passphrase.length == 0) {
            throw new SupabackupException(FailureKind.USAGE, "a passphrase is needed to protect the secret key",
                    "give a passphrase; it is needed again for restore");
        }
        if (userId.isBlank()) {
            throw new SupabackupException(FailureKind.USAGE, "the key's user id is empty", null);
        }
        for (Path file : new Path[] {publicKeyFile, secretKeyFile}) {
            if (Files.exists(file)) {
                throw new SupabackupException(FailureKind.REFUSED, file + " already exists; not overwriting a key",
                        "choose another file name or move the old key away");
            }
        }
        try {
            PGPKeyRingGenerator generator = keyRingGenerator(userId, passphrase);
            PGPPublicKeyRing publicRing = generator.generatePublicKeyRing();
            PGPSecretKeyRing secretRing = generator.generateSecretKeyRing();
            write(publicKeyFile, false, out -> publicRing.encode(out, true));
            write(secretKeyFile, true, secretRing::encode);
            long encryptionKeyId = 0;
            for (var key : publicRing) {
                if (!key.isMasterKey()) {
                    encryptionKeyId = key.getKeyID();
                }
            }
            return new GeneratedKey(userId,
                    Hex.toHexString(publicRing.getPublicKey().getFingerprint()).toUpperCase(Locale.ROOT),
                    KeyFiles.keyId(publicRing.getPublicKey().getKeyID()), KeyFiles.keyId(encryptionKeyId),
                    publicKeyFile, secretKeyFile);
        } catch (PGPException | IOException e) {
            throw new SupabackupException(FailureKind.UNEXPECTED, "cannot generate the key: " + e.getMessage(), null, e);
        }
    }

    private static PGPKeyRingGenerator keyRingGenerator(String userId, char[] passphrase) throws PGPException {
        SecureRandom random = new SecureRandom();
        // OpenPGP stores whole seconds; both keys share the instant so gpg lists them as made together.
        Date now = new Date(System.currentTimeMillis() / 1000 * 1000);

        Ed25519KeyPairGenerator signing = new Ed25519KeyPairGenerator();
        signing.init(new Ed25519KeyGenerationParameters(random));
        // EDDSA_LEGACY and ECDH (not RFC 9580's Ed25519/X25519 ids): those are what GnuPG 2.2 knows.
        PGPKeyPair primary = new BcPGPKeyPair(PublicKeyPacket.VERSION_4, PublicKeyAlgorithmTags.EDDSA_LEGACY, signing.generateKeyPair(), now);
        X25519KeyPairGenerator agreement = new X25519KeyPairGenerator();
        agreement.init(new X25519KeyGenerationParameters(random));
        PGPKeyPair encryption = new BcPGPKeyPair(PublicKeyPacket.VERSION_4, PublicKeyAlgorithmTags.ECDH, agreement.generateKeyPair(), now);

        PGPSignatureSubpacketGenerator primaryPackets = new PGPSignatureSubpacketGenerator();
        primaryPackets.setKeyFlags(true, KeyFlags.CERTIFY_OTHER | KeyFlags.SIGN_DATA);
        primaryPackets.setPreferredSymmetricAlgorithms(false, new int[] {
                SymmetricKeyAlgorithmTags.AES_256, SymmetricKeyAlgorithmTags.AES_192, SymmetricKeyAlgorithmTags.AES_128});
        primaryPackets.setPreferredHashAlgorithms(false, new int[] {
                HashAlgorithmTags.SHA512, HashAlgorithmTags.SHA384, HashAlgorithmTags.SHA256});
        // Our files are compressed before encryption; a gpg user encrypting to this key should not redo it.
        primaryPackets.setPreferredCompressionAlgorithms(false, new int[] {
                CompressionAlgorithmTags.UNCOMPRESSED, CompressionAlgorithmTags.ZLIB, CompressionAlgorithmTags.ZIP});
        primaryPackets.setFeature(false, Features.FEATURE_MODIFICATION_DETECTION);
        primaryPackets.setIssuerFingerprint(false, primary.getPublicKey());

        PGPSignatureSubpacketGenerator subkeyPackets = new PGPSignatureSubpacketGenerator();
        subkeyPackets.setKeyFlags(true, KeyFlags.ENCRYPT_COMMS | KeyFlags.ENCRYPT_STORAGE);
        subkeyPackets.setIssuerFingerprint(false, primary.getPublicKey());

        PGPDigestCalculator sha1 = new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA1);
        PGPDigestCalculator sha256 = new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA256);
        PGPKeyRingGenerator generator = new PGPKeyRingGenerator(PGPSignature.POSITIVE_CERTIFICATION, primary, userId,
                sha1, primaryPackets.generate(), null,
                new BcPGPContentSignerBuilder(PublicKeyAlgorithmTags.EDDSA_LEGACY, HashAlgorithmTags.SHA512),
                // CFB with a SHA-1 check (S2K usage 254), not AEAD: GnuPG 2.2 cannot read AEAD-protected keys.
                new BcPBESecretKeyEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256, sha256, SECRET_KEY_S2K_COUNT)
                        .setSecureRandom(random).build(passphrase));
        generator.addSubKey(encryption, subkeyPackets.generate(), null);
        return generator;
    }

    private interface Writer {
        void write(OutputStream out) throws IOException;
    }

    private static void write(Path file, boolean secret, Writer writer) throws IOException {
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        FileAttribute<?>[] attributes = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString(secret ? "rw-------" : "rw-r--r--"))}
                : new FileAttribute<?>[0];
        try {
            Files.createFile(file, attributes);
        } catch (FileAlreadyExistsException e) {
            throw new SupabackupException(FailureKind.REFUSED, file + " already exists; not overwriting a key", null, e);
        }
        try (OutputStream raw = Files.newOutputStream(file, StandardOpenOption.TRUNCATE_EXISTING);
             ArmoredOutputStream armored = ArmoredOutputStream.builder()
                     .clearHeaders()
                     .addComment(secret ? "supabackup secret key: keep it safe, it opens the backups"
                             : "supabackup public key")
                     .build(raw)) {
            writer.write(armored);
        }
    }
}
