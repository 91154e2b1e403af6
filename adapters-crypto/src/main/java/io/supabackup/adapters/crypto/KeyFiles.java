package io.supabackup.adapters.crypto;

import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPObjectFactory;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;

/** Reads OpenPGP key files (armored or binary, one or several keys each) and picks the keys to use. */
final class KeyFiles {
    private static final int ENCRYPTION_FLAGS = KeyFlags.ENCRYPT_COMMS | KeyFlags.ENCRYPT_STORAGE;

    private KeyFiles() {
    }

    /** The key id as {@code gpg --keyid-format 0xlong} prints it. */
    static String keyId(long id) {
        return String.format(Locale.ROOT, "0x%016X", id);
    }

    static String keyIds(List<Long> ids) {
        return ids.stream().map(KeyFiles::keyId).collect(Collectors.joining(", "));
    }

    /** One encryption key per certificate in the file: its newest valid encryption-capable subkey. */
    static List<PGPPublicKey> recipients(Path file) {
        List<PGPPublicKey> recipients = new ArrayList<>();
        for (Object ring : readRings(file, "recipient key file")) {
            PGPPublicKeyRing publicRing = ring instanceof PGPSecretKeyRing secret
                    ? toPublicRing(secret) : (PGPPublicKeyRing) ring;
            recipients.add(encryptionKey(publicRing, file));
        }
        if (recipients.isEmpty()) {
            throw new SupabackupException(FailureKind.USAGE,
                    "recipient key file " + file + " holds no OpenPGP public key",
                    "export one with: gpg --export --armor KEYID > " + file.getFileName());
        }
        return recipients;
    }

    /** Every secret key in the file that can decrypt, by key id, in file order. */
    static Map<Long, PGPSecretKey> decryptionKeys(Path file) {
        Map<Long, PGPSecretKey> keys = new LinkedHashMap<>();
        for (Object ring : readRings(file, "decrypt key file")) {
            if (!(ring instanceof PGPSecretKeyRing secretRing)) {
                continue;
            }
            for (PGPSecretKey key : secretRing) {
                if (!key.isPrivateKeyEmpty() && key.getPublicKey().isEncryptionKey()) {
                    keys.put(key.getKeyID(), key);
                }
            }
        }
        if (keys.isEmpty()) {
            throw new SupabackupException(FailureKind.USAGE,
                    "decrypt key file " + file + " holds no secret key that can decrypt",
                    "export one with: gpg --export-secret-keys --armor KEYID > " + file.getFileName());
        }
        return keys;
    }

    private static List<Object> readRings(Path file, String what) {
        List<Object> rings = new ArrayList<>();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            // An armored file may hold several armor blocks one after the other (keys pasted together).
            while (skipWhitespace(in)) {
                PGPObjectFactory factory = new BcPGPObjectFactory(PGPUtil.getDecoderStream(in));
                for (Object object = factory.nextObject(); object != null; object = factory.nextObject()) {
                    if (object instanceof PGPPublicKeyRing || object instanceof PGPSecretKeyRing) {
                        rings.add(object);
                    }
                }
            }
        } catch (NoSuchFileException e) {
            throw new SupabackupException(FailureKind.USAGE, what + " " + file + " does not exist", null, e);
        } catch (IOException | RuntimeException e) {
            if (e instanceof SupabackupException s) {
                throw s;
            }
            throw new SupabackupException(FailureKind.USAGE,
                    what + " " + file + " is not a readable OpenPGP key file: " + e.getMessage(), null, e);
        }
        return rings;
    }

    /** Skips blank space between armor blocks; false at the end of the file. */
    private static boolean skipWhitespace(InputStream in) throws IOException {
        while (true) {
            in.mark(1);
            int next = in.read();
            if (next < 0) {
                return false;
            }
            if (!Character.isWhitespace(next)) {
                in.reset();
                return true;
            }
        }
    }

    private static PGPPublicKeyRing toPublicRing(PGPSecretKeyRing secret) {
        List<PGPPublicKey> keys = new ArrayList<>();
        secret.getPublicKeys().forEachRemaining(keys::add);
        return new PGPPublicKeyRing(keys);
    }

    private static PGPPublicKey encryptionKey(PGPPublicKeyRing ring, Path file) {
        PGPPublicKey primary = ring.getPublicKey();
        if (primary.getVersion() != 4) {
            // A v6 key demands SEIPD v2, which GnuPG 2.2 cannot read; the backups must stay readable with it.
            throw new SupabackupException(FailureKind.USAGE,
                    "key " + keyId(primary.getKeyID()) + " in " + file + " is a version " + primary.getVersion()
                            + " key; only version 4 keys (what GnuPG 2.2 makes) are supported", null);
        }
        if (primary.hasRevocation()) {
            throw new SupabackupException(FailureKind.USAGE,
                    "key " + keyId(primary.getKeyID()) + " in " + file + " is revoked", null);
        }
        long now = System.currentTimeMillis();
        List<PGPPublicKey> usable = new ArrayList<>();
        for (PGPPublicKey key : ring) {
            if (key.isEncryptionKey() && !key.hasRevocation() && !expired(key, now) && canEncrypt(primary, key)) {
                usable.add(key);
            }
        }
        // Subkeys before the primary, newest first: what gpg would pick.
        return usable.stream()
                .max(Comparator.comparing((PGPPublicKey k) -> !k.isMasterKey())
                        .thenComparing(PGPPublicKey::getCreationTime))
                .orElseThrow(() -> new SupabackupException(FailureKind.USAGE,
                        "key " + keyId(primary.getKeyID()) + " in " + file
                                + " has no valid encryption subkey (expired, revoked or sign-only)", null));
    }

    private static boolean expired(PGPPublicKey key, long now) {
        long validSeconds = key.getValidSeconds();
        return validSeconds > 0 && key.getCreationTime().getTime() + validSeconds * 1000 < now;
    }

    /** A subkey counts only with a valid binding signature that allows encryption (or says nothing). */
    private static boolean canEncrypt(PGPPublicKey primary, PGPPublicKey key) {
        if (key.isMasterKey()) {
            Integer flags = newestFlags(key.getSignatures(), primary, null);
            return flags == null || (flags & ENCRYPTION_FLAGS) != 0;
        }
        Iterator<PGPSignature> bindings = key.getSignaturesOfType(PGPSignature.SUBKEY_BINDING);
        Integer flags = newestFlags(bindings, primary, key);
        return flags != null && (flags == 0 || (flags & ENCRYPTION_FLAGS) != 0);
    }

    /**
     * Key flags of the newest verified self-signature; {@code null} if none verified, 0 if it carries none.
     * For a subkey, {@code subkey} is what the binding signature must cover.
     */
    private static Integer newestFlags(Iterator<PGPSignature> signatures, PGPPublicKey primary, PGPPublicKey subkey) {
        Date newest = null;
        Integer flags = null;
        while (signatures.hasNext()) {
            PGPSignature signature = signatures.next();
            if (signature.getKeyID() != primary.getKeyID() && signature.getKeyID() != 0) {
                continue;
            }
            if (subkey != null && !verifiesBinding(signature, primary, subkey)) {
                continue;
            }
            if (newest == null || signature.getCreationTime().after(newest)) {
                newest = signature.getCreationTime();
                flags = signature.getHashedSubPackets() == null ? 0 : signature.getHashedSubPackets().getKeyFlags();
            }
        }
        return flags;
    }

    private static boolean verifiesBinding(PGPSignature signature, PGPPublicKey primary, PGPPublicKey subkey) {
        try {
            signature.init(new BcPGPContentVerifierBuilderProvider(), primary);
            return signature.verifyCertification(primary, subkey);
        } catch (PGPException | RuntimeException e) {
            return false;
        }
    }
}
