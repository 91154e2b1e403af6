package io.supabackup.adapters.storage.s3;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The part buffers and sending threads that the concurrent uploads through one S3 client share, so that memory
 * stays bounded however many threads save at once (a storage backup saves from up to eight).
 *
 * <p>Every part-sized buffer counts against one budget, the part being read as well as the parts in flight. The
 * budget is {@code uploadConcurrency + 1} buffers, so that one upload alone runs at full speed, but never more
 * than a third of the heap: at the defaults five 16 MiB buffers, 80 MiB, which fits the CLI's 256 MiB heap (of
 * which the JVM offers 247 MiB, a third being 82 MiB). Several uploads share the budget and wait in turn. An
 * upload waits for a buffer only while it holds none (at most the small first buffer of {@link StreamingUpload},
 * outside the budget), and every buffer lent out comes back by itself: the upload reading into it needs only its
 * source stream, and a part in flight only the network. So waiting never deadlocks.
 *
 * <p>Buffers are kept for reuse rather than left to the garbage collector: they are large enough to be costly
 * to allocate and clear, and there are never more than the budget. Sending threads are daemons that end when
 * idle, so the pool needs no closing; there are never more of them than buffers, since every part in flight
 * holds one.
 */
final class PartPool {
    /** The share of the maximum heap that part buffers may take together. */
    static final int HEAP_SHARE_DIVISOR = 3;
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final int partSize;
    private final int limit;
    private final Semaphore permits;
    private final ThreadPoolExecutor senders;
    /** Buffers back from a part, ready for the next; guarded by {@code this}, as are the counters below. */
    private final Deque<byte[]> idle = new ArrayDeque<>();
    private int lent;
    private int mostLent;

    PartPool(S3Config config) {
        this(Math.toIntExact(config.partSize()), budget(config, Runtime.getRuntime().maxMemory()));
    }

    PartPool(int partSize, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("a part pool needs at least one buffer, not " + limit);
        }
        this.partSize = partSize;
        this.limit = limit;
        this.permits = new Semaphore(limit, true);
        String prefix = "s3-upload-" + POOLS.incrementAndGet() + "-";
        AtomicInteger threads = new AtomicInteger();
        ThreadFactory factory = task -> {
            Thread thread = new Thread(task, prefix + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        this.senders = new ThreadPoolExecutor(limit, limit, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), factory);
        this.senders.allowCoreThreadTimeOut(true);
    }

    /** How many part buffers of {@code config}'s size may exist at once in a heap of {@code maxHeap} bytes. */
    static int budget(S3Config config, long maxHeap) {
        long fitting = maxHeap / HEAP_SHARE_DIVISOR / config.partSize();
        return (int) Math.max(1, Math.min(config.uploadConcurrency() + 1L, fitting));
    }

    /** A buffer of the part size, once the budget allows one more; the caller gives it back by {@link #release}. */
    byte[] acquire() throws InterruptedException {
        permits.acquire();
        synchronized (this) {
            lent++;
            mostLent = Math.max(mostLent, lent);
            byte[] buffer = idle.poll();
            if (buffer != null) {
                return buffer;
            }
        }
        try {
            return new byte[partSize];
        } catch (OutOfMemoryError e) {
            release(null);
            throw e;
        }
    }

    /** Gives back a buffer from {@link #acquire}; {@code null} only returns the permit. */
    void release(byte[] buffer) {
        synchronized (this) {
            lent--;
            if (buffer != null) {
                idle.push(buffer);
            }
        }
        permits.release();
    }

    /** Runs {@code task} on a sending thread: there are as many as buffers, and every part in flight holds one. */
    void send(Runnable task) {
        senders.execute(task);
    }

    int partSize() {
        return partSize;
    }

    int limit() {
        return limit;
    }

    /** Buffers lent out now. */
    synchronized int lent() {
        return lent;
    }

    /** The most buffers ever lent out at once: never above {@link #limit()}. */
    synchronized int mostLent() {
        return mostLent;
    }
}
