package io.supabackup.adapters.crypto;

import java.io.IOException;
import java.io.InputStream;
import org.bouncycastle.openpgp.PGPCompressedData;
import org.bouncycastle.openpgp.PGPEncryptedData;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPObjectFactory;
import org.bouncycastle.openpgp.PGPOnePassSignatureList;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;

/**
 * The plaintext of a decrypted message, checked for integrity when it ends: end of stream is reported
 * only after the MDC (or AEAD tag) has been verified, and any failure on the way, including a message cut
 * short, surfaces as an {@link IOException} saying the data was modified or truncated. Plaintext read
 * before that point is unauthenticated, as with gpg; callers that care hash it and act only at the end.
 */
final class DecryptingInputStream extends InputStream {
    static final String DAMAGED = "the encrypted data was modified or truncated";

    /** An opened message: its encrypted data (to verify) and the decrypted packet stream inside it. */
    record Session(PGPEncryptedData data, InputStream clear) {
    }

    private final Session session;
    private final InputStream literal;
    private final InputStream ciphertext;
    private boolean verified;

    private DecryptingInputStream(Session session, InputStream literal, InputStream ciphertext) {
        this.session = session;
        this.literal = literal;
        this.ciphertext = ciphertext;
    }

    static DecryptingInputStream open(Session session, InputStream ciphertext) throws IOException {
        try {
            PGPObjectFactory factory = new BcPGPObjectFactory(session.clear());
            for (Object object = factory.nextObject(); object != null; object = factory.nextObject()) {
                if (object instanceof PGPLiteralData literal) {
                    return new DecryptingInputStream(session, literal.getDataStream(), ciphertext);
                }
                if (object instanceof PGPCompressedData compressed) {
                    // gpg compresses by default; our own messages never contain this packet.
                    factory = new BcPGPObjectFactory(compressed.getDataStream());
                } else if (!(object instanceof PGPOnePassSignatureList || object instanceof PGPSignatureList)) {
                    throw new IOException(DAMAGED + " (unexpected " + object.getClass().getSimpleName() + ")");
                }
            }
            throw new IOException(DAMAGED + " (no literal data)");
        } catch (IOException | PGPException | RuntimeException e) {
            throw e instanceof IOException io && io.getMessage() != null && io.getMessage().startsWith(DAMAGED)
                    ? io : new IOException(DAMAGED + ": " + e.getMessage(), e);
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n;
        do {
            n = read(one, 0, 1);
        } while (n == 0);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (verified) {
            return -1;
        }
        int n;
        try {
            n = literal.read(buffer, offset, length);
        } catch (IOException | RuntimeException e) {
            throw new IOException(DAMAGED + ": " + e.getMessage(), e);
        }
        if (n < 0) {
            verify();
        }
        return n;
    }

    private void verify() throws IOException {
        boolean intact;
        try {
            // Drain what follows the literal packet (signatures, the MDC) so the check sees the whole message.
            session.clear().transferTo(java.io.OutputStream.nullOutputStream());
            intact = session.data().isAEAD() || session.data().verify();
        } catch (IOException | PGPException | RuntimeException e) {
            throw new IOException(DAMAGED + ": " + e.getMessage(), e);
        }
        if (!intact) {
            throw new IOException(DAMAGED + " (integrity check failed)");
        }
        verified = true;
    }

    @Override
    public void close() throws IOException {
        ciphertext.close();
    }
}
