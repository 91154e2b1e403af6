package io.supabackup.adapters.crypto;

import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import io.supabackup.domain.port.out.Encryptor;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.openpgp.PGPEncryptedData;
import org.bouncycastle.openpgp.PGPEncryptedDataGenerator;
import org.bouncycastle.openpgp.PGPEncryptedDataList;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPLiteralDataGenerator;
import org.bouncycastle.openpgp.PGPMarker;
import org.bouncycastle.openpgp.PGPObjectFactory;
import org.bouncycastle.openpgp.PGPPBEEncryptedData;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyEncryptedData;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSessionKey;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.bc.BcPBEDataDecryptorFactory;
import org.bouncycastle.openpgp.operator.bc.BcPBEKeyEncryptionMethodGenerator;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyDecryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.bc.BcPublicKeyDataDecryptorFactory;
import org.bouncycastle.openpgp.operator.bc.BcPublicKeyKeyEncryptionMethodGenerator;
import org.bouncycastle.openpgp.operator.jcajce.JcePGPDataEncryptorBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JceSessionKeyDataDecryptorFactoryBuilder;

/**
 * OpenPGP encryption as GnuPG 2.2 reads it: AES-256 in a SEIPD v1 packet (with MDC) around one literal
 * data packet, both written with partial lengths so nothing is buffered whole. The bulk cipher runs in the
 * JDK's own AES (hardware-accelerated); Bouncy Castle's lightweight API only wraps and unwraps the small
 * session key, so no security provider is registered.
 *
 * <p>Thread-safe: one instance serves concurrent uploads. Unlocked secret keys are kept for the life of
 * the instance, because unlocking runs the key's S2K, which costs far more than a small file's decryption.
 */
public final class PgpEncryptor implements Encryptor {
    /**
     * S2K count of the passphrase packet, coded as OpenPGP does: 0xE0 is 16,777,216 bytes of SHA-256,
     * tens of milliseconds per file. Every file pays it twice (write and read) since each must open on
     * its own with gpg, so it stays below gpg's ~100 ms calibration; a strong passphrase matters more.
     */
    static final int S2K_COUNT = 0xE0;
    private static final int PACKET_BUFFER = 1 << 16;

    private final List<PGPPublicKey> recipients;
    private final char[] passphrase;
    private final Path decryptKeyFile;
    private final Map<Long, PGPSecretKey> decryptionKeys;
    private final char[] decryptKeyPassphrase;
    private final Map<Long, PGPPrivateKey> unlocked = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    PgpEncryptor(CryptoConfig config) {
        Objects.requireNonNull(config, "config");
        List<PGPPublicKey> keys = new ArrayList<>();
        for (Path file : config.recipientKeyFiles()) {
            keys.addAll(KeyFiles.recipients(file));
        }
        this.recipients = List.copyOf(keys);
        this.passphrase = config.passphrase();
        this.decryptKeyFile = config.decryptKeyFile();
        this.decryptionKeys = decryptKeyFile == null ? Map.of() : KeyFiles.decryptionKeys(decryptKeyFile);
        char[] keyPassphrase = config.decryptKeyPassphrase();
        this.decryptKeyPassphrase = keyPassphrase != null ? keyPassphrase : config.passphrase();
    }

    @Override
    public String name() {
        return "openpgp";
    }

    /** Ids of the keys files are encrypted to (the encryption subkeys), as {@code 0x1234ABCD5678EF90}. */
    public List<String> keyIds() {
        return recipients.stream().map(key -> KeyFiles.keyId(key.getKeyID())).toList();
    }

    /** True when files are also encrypted to the passphrase. */
    @Override
    public List<String> recipientKeyIds() {
        return keyIds();
    }

    @Override
    public boolean canEncrypt() {
        return !recipients.isEmpty() || passphrase != null;
    }

    @Override
    public boolean usesPassphrase() {
        return passphrase != null;
    }

    @Override
    public OutputStream encrypt(OutputStream ciphertext) throws IOException {
        Objects.requireNonNull(ciphertext, "ciphertext");
        if (recipients.isEmpty() && passphrase == null) {
            throw new SupabackupException(FailureKind.USAGE, "cannot encrypt: no recipient key and no passphrase",
                    "give a recipient public key file or a passphrase");
        }
        // No AEAD: SEIPD v1 + MDC is the integrity protection GnuPG 2.2 understands.
        PGPEncryptedDataGenerator generator = new PGPEncryptedDataGenerator(
                new JcePGPDataEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256)
                        .setWithIntegrityPacket(true)
                        .setSecureRandom(random));
        for (PGPPublicKey recipient : recipients) {
            generator.addMethod(new BcPublicKeyKeyEncryptionMethodGenerator(recipient).setSecureRandom(random));
        }
        if (passphrase != null) {
            generator.addMethod(new BcPBEKeyEncryptionMethodGenerator(passphrase, sha256(), S2K_COUNT)
                    .setSecureRandom(random));
        }
        OutputStream encrypted;
        try {
            encrypted = generator.open(ciphertext, new byte[PACKET_BUFFER]);
        } catch (PGPException e) {
            throw new IOException("cannot start OpenPGP encryption: " + e.getMessage(), e);
        }
        PGPLiteralDataGenerator literalGenerator = new PGPLiteralDataGenerator();
        // No file name and no date: the literal packet must not leak what the repository path hides.
        OutputStream literal = literalGenerator.open(encrypted, PGPLiteralData.BINARY, "",
                PGPLiteralData.NOW, new byte[PACKET_BUFFER]);
        return new FilterOutputStream(literal) {
            private boolean closed;

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                out.write(bytes, offset, length);
            }

            @Override
            public void close() throws IOException {
                if (closed) {
                    return;
                }
                closed = true;
                try (ciphertext) {
                    literalGenerator.close();
                    generator.close();
                }
            }
        };
    }

    @Override
    public InputStream decrypt(InputStream ciphertext) throws IOException {
        Objects.requireNonNull(ciphertext, "ciphertext");
        PGPEncryptedDataList list = encryptedDataList(ciphertext);
        List<PGPPublicKeyEncryptedData> toKeys = new ArrayList<>();
        List<PGPPBEEncryptedData> toPassphrases = new ArrayList<>();
        for (PGPEncryptedData data : list) {
            if (data instanceof PGPPublicKeyEncryptedData key) {
                toKeys.add(key);
            } else if (data instanceof PGPPBEEncryptedData pbe) {
                toPassphrases.add(pbe);
            }
        }
        PGPEncryptedData first = list.get(0);
        if (!first.isIntegrityProtected() && !first.isAEAD()) {
            // gpg 2.2 refuses these too: without MDC a modification goes unnoticed.
            throw new IOException("the encrypted data is not integrity-protected (no MDC); refusing to decrypt it");
        }
        return DecryptingInputStream.open(openSession(toKeys, toPassphrases), ciphertext);
    }

    private static PGPEncryptedDataList encryptedDataList(InputStream ciphertext) throws IOException {
        Object object;
        try {
            PGPObjectFactory factory = new BcPGPObjectFactory(PGPUtil.getDecoderStream(ciphertext));
            do {
                object = factory.nextObject();
            } while (object instanceof PGPMarker);
        } catch (IOException | RuntimeException e) {
            throw new IOException("not an OpenPGP encrypted message, or damaged: " + e.getMessage(), e);
        }
        if (object instanceof PGPEncryptedDataList list && !list.isEmpty()) {
            return list;
        }
        throw new IOException("not an OpenPGP encrypted message"
                + (object == null ? " (empty)" : " (starts with " + object.getClass().getSimpleName() + ")"));
    }

    /** Finds a key or the passphrase that opens the message, or explains which ones would. */
    @SuppressWarnings("deprecation") // BC 1.86 steers to its new OpenPGP API; the classic one is what the gpg tests pin
    private DecryptingInputStream.Session openSession(List<PGPPublicKeyEncryptedData> toKeys,
                                                      List<PGPPBEEncryptedData> toPassphrases) throws IOException {
        for (PGPPublicKeyEncryptedData data : toKeys) {
            for (PGPSecretKey secretKey : candidates(data.getKeyIdentifier().getKeyId())) {
                PGPPrivateKey privateKey = unlock(secretKey);
                PGPSessionKey sessionKey;
                try {
                    sessionKey = data.getSessionKey(new BcPublicKeyDataDecryptorFactory(privateKey));
                } catch (PGPException | RuntimeException e) {
                    if (data.getKeyIdentifier().getKeyId() == 0) {
                        continue; // an anonymous recipient: the next key of ours may be the one
                    }
                    throw new IOException("the session key for " + KeyFiles.keyId(data.getKeyIdentifier().getKeyId())
                            + " cannot be decrypted: the encrypted data was modified or truncated", e);
                }
                return session(data, sessionKey);
            }
        }
        boolean passphraseFailed = false;
        if (passphrase != null) {
            for (PGPPBEEncryptedData data : toPassphrases) {
                try {
                    PGPSessionKey sessionKey = data.getSessionKey(
                            new BcPBEDataDecryptorFactory(passphrase, new BcPGPDigestCalculatorProvider()));
                    return session(data, sessionKey);
                } catch (PGPException | RuntimeException e) {
                    // The quick check or the session key's algorithm byte did not survive: wrong passphrase.
                    passphraseFailed = true;
                }
            }
        }
        throw cannotOpen(toKeys, toPassphrases, passphraseFailed);
    }

    @SuppressWarnings("deprecation") // as above: classic API, pinned by the gpg interoperability tests
    private static DecryptingInputStream.Session session(PGPEncryptedData data, PGPSessionKey sessionKey)
            throws IOException {
        // The JDK's AES for the bulk of the data; BC only recovered the session key.
        var factory = new JceSessionKeyDataDecryptorFactoryBuilder().build(sessionKey);
        try {
            InputStream clear = data instanceof PGPPublicKeyEncryptedData key
                    ? key.getDataStream(factory)
                    : ((PGPPBEEncryptedData) data).getDataStream(factory);
            return new DecryptingInputStream.Session(data, clear);
        } catch (PGPException | RuntimeException e) {
            if (data instanceof PGPPBEEncryptedData) {
                throw new SupabackupException(FailureKind.WRONG_KEY,
                        "the passphrase does not open this file (or its start was damaged)", "check the passphrase", e);
            }
            throw new IOException(DecryptingInputStream.DAMAGED + ": " + e.getMessage(), e);
        }
    }

    private List<PGPSecretKey> candidates(long keyId) {
        if (keyId == 0) {
            return List.copyOf(decryptionKeys.values());
        }
        PGPSecretKey key = decryptionKeys.get(keyId);
        return key == null ? List.of() : List.of(key);
    }

    private PGPPrivateKey unlock(PGPSecretKey secretKey) {
        PGPPrivateKey cached = unlocked.get(secretKey.getKeyID());
        if (cached != null) {
            return cached;
        }
        String id = KeyFiles.keyId(secretKey.getKeyID());
        boolean protectedKey = secretKey.getS2KUsage() != 0;
        if (protectedKey && decryptKeyPassphrase == null) {
            throw new SupabackupException(FailureKind.WRONG_KEY,
                    "key " + id + " in " + decryptKeyFile + " is protected by a passphrase, and none was given",
                    "give the passphrase of the decrypt key");
        }
        try {
            PGPPrivateKey privateKey = secretKey.extractPrivateKey(
                    new BcPBESecretKeyDecryptorBuilder(new BcPGPDigestCalculatorProvider())
                            .build(protectedKey ? decryptKeyPassphrase : new char[0]));
            unlocked.put(secretKey.getKeyID(), privateKey);
            return privateKey;
        } catch (PGPException | RuntimeException e) {
            throw new SupabackupException(FailureKind.WRONG_KEY,
                    "the passphrase given for " + decryptKeyFile + " does not unlock key " + id,
                    "check the decrypt key's passphrase", e);
        }
    }

    private SupabackupException cannotOpen(List<PGPPublicKeyEncryptedData> toKeys,
                                           List<PGPPBEEncryptedData> toPassphrases, boolean passphraseFailed) {
        List<Long> ids = toKeys.stream().map(data -> data.getKeyIdentifier().getKeyId()).toList();
        String needed = ids.isEmpty() ? "a passphrase"
                : (ids.contains(0L) ? "an anonymous recipient key" + (ids.size() > 1 ? " or " : "") : "")
                + (ids.stream().anyMatch(id -> id != 0)
                        ? "key " + KeyFiles.keyIds(ids.stream().filter(id -> id != 0).toList()) : "")
                + (toPassphrases.isEmpty() ? "" : " or a passphrase");
        String opening = "cannot decrypt: the file is encrypted to " + needed;
        if (decryptionKeys.isEmpty() && passphrase == null) {
            return new SupabackupException(FailureKind.USAGE, opening + ", and no decrypt key or passphrase was given",
                    ids.isEmpty() ? "give the passphrase"
                            : "give --decrypt-key FILE holding the secret key"
                            + (toPassphrases.isEmpty() ? "" : ", or the passphrase"));
        }
        List<String> tried = new ArrayList<>();
        if (!decryptionKeys.isEmpty()) {
            tried.add(decryptKeyFile + " holds key " + KeyFiles.keyIds(List.copyOf(decryptionKeys.keySet())));
        }
        if (passphraseFailed) {
            tried.add("the passphrase is wrong");
        } else if (passphrase != null) {
            tried.add("a passphrase was given but the file cannot be opened with one");
        }
        return new SupabackupException(FailureKind.WRONG_KEY, opening + "; " + String.join("; ", tried),
                ids.isEmpty() ? "check the passphrase" : "use the secret key of " + needed);
    }

    private static org.bouncycastle.openpgp.operator.PGPDigestCalculator sha256() {
        try {
            return new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA256);
        } catch (PGPException e) {
            throw new IllegalStateException("SHA-256 is missing from Bouncy Castle", e);
        }
    }
}
