package io.supabackup.domain.repository;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Counts and hashes (SHA-256) the bytes read through it, so no file is ever read twice to be checksummed. */
class HashingInputStream extends FilterInputStream {
    private final MessageDigest digest;
    private long count;
    private boolean ended;

    HashingInputStream(InputStream in) {
        super(in);
        this.digest = sha256();
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            digest.update((byte) b);
            count++;
            afterRead();
        } else {
            end();
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            digest.update(buffer, offset, n);
            count += n;
            afterRead();
        } else if (n < 0) {
            end();
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipped bytes must be hashed too, so skip by reading.
        byte[] buffer = new byte[(int) Math.min(8192, Math.max(0, n))];
        long skipped = 0;
        while (skipped < n) {
            int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public synchronized void mark(int readlimit) {
        // not supported: re-reading would corrupt the hash
    }

    @Override
    public synchronized void reset() throws IOException {
        throw new IOException("mark/reset not supported");
    }

    /** Called after each successful read; subclasses may check limits. */
    protected void afterRead() throws IOException {
    }

    private void end() throws IOException {
        if (!ended) {
            ended = true;
            onEnd();
        }
    }

    /** Called once, when the underlying stream reports its end. */
    protected void onEnd() throws IOException {
    }

    long count() {
        return count;
    }

    /** The hex SHA-256 of everything read; call once, after the end. */
    String sha256Hex() {
        return HexFormat.of().formatHex(digest.digest());
    }
}
