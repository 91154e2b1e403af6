package io.supabackup.domain.service;

import io.supabackup.domain.port.out.ProgressListener;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** What a running step tells about its advance: the listener bound to the step's name. Thread-safe. */
final class StepProgress {
    /** Single-byte reads are passed on in batches of this size, so that the listener is not called per byte. */
    private static final int BATCH = 8192;

    private final String step;
    private final ProgressListener listener;

    StepProgress(String step, ProgressListener listener) {
        this.step = step;
        this.listener = listener;
    }

    /** The step's whole work, each total {@link ProgressListener#UNKNOWN} when not known. */
    void expect(long totalBytes, long totalItems) {
        listener.expect(step, totalBytes, totalItems);
    }

    void advanced(long bytes, long items) {
        listener.advanced(step, bytes, items);
    }

    /** {@code in}, reporting every byte read from it as the step's advance. */
    InputStream counting(InputStream in) {
        return new CountingInputStream(in);
    }

    /** Read by one thread at a time, so its pending count needs no synchronisation. */
    private final class CountingInputStream extends FilterInputStream {
        private long pending;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b < 0) {
                flush();
            } else if (++pending >= BATCH) {
                flush();
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                pending += n;
            }
            flush();
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            pending += skipped;
            flush();
            return skipped;
        }

        /** A reset would count bytes twice. */
        @Override
        public boolean markSupported() {
            return false;
        }

        @Override
        public synchronized void mark(int readlimit) {
        }

        @Override
        public synchronized void reset() throws IOException {
            throw new IOException("mark/reset not supported");
        }

        @Override
        public void close() throws IOException {
            flush();
            super.close();
        }

        private void flush() {
            if (pending > 0) {
                long bytes = pending;
                pending = 0;
                advanced(bytes, 0);
            }
        }
    }
}
