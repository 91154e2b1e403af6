package io.supabackup.adapters.storage.gcs;

import java.io.IOException;
import java.io.InputStream;

/** Yields {@code good} deterministic bytes, then fails like a source connection that dropped. */
final class FailingStream extends InputStream {
    static final String MESSAGE = "source went away";

    private final long good;
    private long position;

    FailingStream(long good) {
        this.good = good;
    }

    @Override
    public int read() throws IOException {
        if (position >= good) {
            throw new IOException(MESSAGE);
        }
        return valueAt(position++);
    }

    @Override
    public int read(byte[] buffer, int offset, int count) throws IOException {
        if (count == 0) {
            return 0;
        }
        if (position >= good) {
            throw new IOException(MESSAGE);
        }
        int n = (int) Math.min(count, good - position);
        for (int i = 0; i < n; i++) {
            buffer[offset + i] = (byte) valueAt(position++);
        }
        return n;
    }

    /** The first {@code length} bytes this stream yields. */
    byte[] readGood(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) valueAt(i);
        }
        return bytes;
    }

    private static int valueAt(long index) {
        // A prime period, so no chunk boundary lines up with it.
        return (int) ((index * 31 + index / 251) % 251);
    }
}
