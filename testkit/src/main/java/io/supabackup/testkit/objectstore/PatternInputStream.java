package io.supabackup.testkit.objectstore;

import java.io.InputStream;
import java.util.SplittableRandom;

/**
 * Yields {@code length} pseudo-random bytes without ever holding them: a fixed random pattern is
 * repeated. Its period is a prime so that no power-of-two chunking (buffers, multipart parts) lines up
 * with it, and a chunk that is dropped, repeated or reordered by a store changes the content's hash.
 */
final class PatternInputStream extends InputStream {
    private static final int PERIOD = 1_000_003;
    private static final byte[] PATTERN = pattern();

    private final long length;
    private long position;

    PatternInputStream(long length) {
        this.length = length;
    }

    private static byte[] pattern() {
        byte[] bytes = new byte[PERIOD];
        SplittableRandom random = new SplittableRandom(20260101L);
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        return bytes;
    }

    @Override
    public int read() {
        if (position >= length) {
            return -1;
        }
        return PATTERN[(int) (position++ % PERIOD)] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int count) {
        if (count == 0) {
            return 0;
        }
        if (position >= length) {
            return -1;
        }
        int inPattern = (int) (position % PERIOD);
        int n = (int) Math.min(Math.min(count, length - position), PERIOD - inPattern);
        System.arraycopy(PATTERN, inPattern, buffer, offset, n);
        position += n;
        return n;
    }

    @Override
    public int available() {
        return (int) Math.min(Integer.MAX_VALUE, length - position);
    }
}
