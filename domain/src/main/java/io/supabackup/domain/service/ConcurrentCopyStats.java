package io.supabackup.domain.service;

import io.supabackup.domain.model.TableStats;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

/**
 * A {@link CopyStatsInputStream} on a thread of its own: the bytes read through this stream pass unchanged,
 * while copies of them go, a chunk at a time through a bounded queue, to the table stats on the other
 * thread. So the thread that hashes and compresses the data dump does not also parse it, and the dump
 * streams faster wherever a second core is free. Memory stays bounded: at most {@value #CHUNKS} chunks wait.
 *
 * <p>The read that sees the end waits for the stats to catch up, and throws what they failed with (a dump
 * cut short inside a table's rows), as a {@link CopyStatsInputStream} read at the end would. Closing this
 * stream stops the other thread and leaves the underlying stream open.
 */
final class ConcurrentCopyStats extends FilterInputStream {
    private static final byte[] END = new byte[0];
    static final int CHUNKS = 16;

    private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(CHUNKS);
    private final FutureTask<List<TableStats>> stats;
    private final Thread thread;
    private boolean ended;

    ConcurrentCopyStats(InputStream in) {
        super(in);
        this.stats = new FutureTask<>(() -> {
            try (CopyStatsInputStream parsed = new CopyStatsInputStream(new Chunks())) {
                byte[] buffer = new byte[1 << 16];
                while (parsed.read(buffer, 0, buffer.length) >= 0) {
                    // the stats are taken as the bytes pass
                }
                return parsed.stats();
            }
        });
        this.thread = new Thread(stats, "supabackup-table-stats");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = in.read(buffer, offset, length);
        if (n > 0) {
            hand(Arrays.copyOfRange(buffer, offset, offset + n));
        } else if (n < 0 && !ended) {
            ended = true;
            hand(END);
            result();
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // skipped bytes must be seen too, so skip by reading
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
        // not supported: bytes read twice would be counted twice
    }

    @Override
    public synchronized void reset() throws IOException {
        throw new IOException("mark/reset not supported");
    }

    /** Stops the stats if they are still running; the underlying stream stays open. */
    @Override
    public void close() {
        stats.cancel(true);
    }

    /**
     * The stats of every table the dump carries rows for, as {@link CopyStatsInputStream#stats()} gives them.
     *
     * @throws IllegalStateException before the dump has been read to its end
     */
    List<TableStats> stats() {
        if (!ended) {
            throw new IllegalStateException("table stats are known only once the whole dump has been read");
        }
        try {
            return result();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True while the other thread runs; for tests. */
    boolean running() {
        return thread.isAlive();
    }

    private void hand(byte[] chunk) throws IOException {
        try {
            while (!queue.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
                if (stats.isDone()) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new InterruptedIOException("interrupted while handing the dump to its table stats");
        }
        if (chunk != END && stats.isDone()) {
            result(); // the stats ended before the dump did: only by failing, and that failure is thrown here
        }
    }

    private List<TableStats> result() throws IOException {
        try {
            return stats.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the table stats");
        } catch (CancellationException e) {
            throw new IOException("the table stats were stopped before the end of the dump", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw new IOException(io.getMessage(), io);
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(cause);
        }
    }

    /** The other thread's view: the chunks, in order, until the end. */
    private final class Chunks extends InputStream {
        private byte[] current = new byte[0];
        private int position;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            while (position == current.length) {
                if (current == END) {
                    return -1;
                }
                try {
                    current = queue.take();
                } catch (InterruptedException e) {
                    throw new InterruptedIOException("the table stats were stopped");
                }
                position = 0;
            }
            int n = Math.min(length, current.length - position);
            System.arraycopy(current, position, buffer, offset, n);
            position += n;
            return n;
        }
    }
}
