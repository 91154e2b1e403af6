package io.supabackup.domain.repository;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A bounded pipe between a thread that writes (compression and encryption are written to) and a thread
 * that reads (an object store reads what it saves). At most {@code chunks} buffers are in flight, so
 * memory stays bounded whatever the size of the file. A failure on either side reaches the other: a
 * writer that fails makes the reader's next read throw, so the store never keeps a partial object.
 */
final class Pipe {
    private static final byte[] END = new byte[0];
    private static final int CHUNK = 64 * 1024;

    private final BlockingQueue<byte[]> queue;
    private volatile Throwable writerFailure;
    private volatile boolean readerGone;

    Pipe(int chunks) {
        this.queue = new ArrayBlockingQueue<>(chunks);
    }

    /** Makes the reader fail with {@code cause} instead of seeing the end of the data. */
    void fail(Throwable cause) {
        writerFailure = cause;
        queue.clear();
        queue.offer(END);
    }

    /** Tells the writer that nobody reads any more. */
    void abandon() {
        readerGone = true;
        queue.clear();
    }

    OutputStream output() {
        return new OutputStream() {
            private byte[] buffer = new byte[CHUNK];
            private int filled;
            private boolean closed;

            @Override
            public void write(int b) throws IOException {
                if (filled == buffer.length) {
                    flushChunk();
                }
                buffer[filled++] = (byte) b;
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                while (len > 0) {
                    if (filled == buffer.length) {
                        flushChunk();
                    }
                    int n = Math.min(len, buffer.length - filled);
                    System.arraycopy(b, off, buffer, filled, n);
                    filled += n;
                    off += n;
                    len -= n;
                }
            }

            private void flushChunk() throws IOException {
                if (filled > 0) {
                    put(filled == buffer.length ? buffer : java.util.Arrays.copyOf(buffer, filled));
                    buffer = new byte[CHUNK];
                    filled = 0;
                }
            }

            @Override
            public void close() throws IOException {
                if (!closed) {
                    closed = true;
                    flushChunk();
                    put(END);
                }
            }
        };
    }

    private void put(byte[] chunk) throws IOException {
        if (writerFailure != null) {
            throw new IOException("the pipe to the store was failed");
        }
        try {
            while (!queue.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
                if (readerGone) {
                    throw new IOException("the store stopped reading");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while handing data to the store");
        }
        if (readerGone) {
            throw new IOException("the store stopped reading");
        }
    }

    InputStream input() {
        return new InputStream() {
            private byte[] current = new byte[0];
            private int position;
            private boolean ended;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                while (position == current.length) {
                    if (ended) {
                        return -1;
                    }
                    byte[] next;
                    try {
                        next = queue.take();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedIOException("interrupted while waiting for data to store");
                    }
                    if (next == END) {
                        ended = true;
                        if (writerFailure != null) {
                            throw new IOException("the data to store could not be produced: " + writerFailure.getMessage(),
                                    writerFailure);
                        }
                        return -1;
                    }
                    current = next;
                    position = 0;
                }
                int n = Math.min(len, current.length - position);
                System.arraycopy(current, position, b, off, n);
                position += n;
                return n;
            }

            @Override
            public void close() {
                if (!ended) {
                    abandon();
                }
            }
        };
    }
}
