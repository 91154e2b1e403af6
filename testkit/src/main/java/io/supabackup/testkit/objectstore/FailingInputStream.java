package io.supabackup.testkit.objectstore;

import java.io.IOException;
import java.io.InputStream;

/** Yields {@code goodBytes} bytes of a pattern, then fails the way a dropped source connection does. */
final class FailingInputStream extends InputStream {
    static final String MESSAGE = "simulated failure of the source stream";

    private final InputStream good;

    FailingInputStream(long goodBytes) {
        this.good = new PatternInputStream(goodBytes);
    }

    @Override
    public int read() throws IOException {
        int b = good.read();
        if (b < 0) {
            throw new IOException(MESSAGE);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int count) throws IOException {
        int n = good.read(buffer, offset, count);
        if (n < 0) {
            throw new IOException(MESSAGE);
        }
        return n;
    }
}
