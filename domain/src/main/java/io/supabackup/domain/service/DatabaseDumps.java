package io.supabackup.domain.service;

import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import io.supabackup.domain.model.DatabaseEndpoint;
import io.supabackup.domain.model.DumpKind;
import io.supabackup.domain.model.ManifestEntry;
import io.supabackup.domain.model.TableStats;
import io.supabackup.domain.port.out.BackupRepository.BackupWriter;
import io.supabackup.domain.port.out.DatabaseExporter;
import io.supabackup.domain.port.out.ProgressListener;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Takes a backup's database dumps: the big one (the data, or the whole archive) on the calling thread, and
 * meanwhile the small ones (roles, schema, platform objects) one after the other on another. The small
 * ones mostly wait on the server, so beside the big one they cost the backup next to nothing, where one
 * after the other they cost it a few hundred milliseconds.
 *
 * <p>The manifest lists them in the mode's order all the same: a dump starts writing only once the one
 * before it in that order has started writing (or has ended, however it ended). Progress shows the big
 * dump first, then each small one with how long the backup still had to wait for it. A failure of any
 * dump fails the backup, and only once no dump is writing any more, so that an abort leaves nothing behind.
 * A small dump that fails stops the big one at its next read, instead of letting it run on for nothing:
 * for a large database that is the difference between failing in seconds and failing in an hour.
 */
final class DatabaseDumps {
    private final DatabaseExporter exporter;
    private final BackupWriter writer;
    private final DatabaseEndpoint source;
    private final Steps steps;
    private final List<DumpKind> dumps;
    /** Counted down once dump i has started writing, or has ended. */
    private final List<CountDownLatch> started = new ArrayList<>();
    private final AtomicReference<List<TableStats>> tableStats = new AtomicReference<>();
    /** The first failure of a small dump, which stops the big one. */
    private final AtomicReference<RuntimeException> smallFailure = new AtomicReference<>();

    DatabaseDumps(DatabaseExporter exporter, BackupWriter writer, DatabaseEndpoint source, Steps steps,
                  List<DumpKind> dumps) {
        this.exporter = exporter;
        this.writer = writer;
        this.source = source;
        this.steps = steps;
        this.dumps = List.copyOf(dumps);
        dumps.forEach(d -> started.add(new CountDownLatch(1)));
    }

    /** Takes every dump; returns the table stats of the data dump, or null when there is none. */
    List<TableStats> take() {
        int big = dumps.contains(DumpKind.DATA) ? dumps.indexOf(DumpKind.DATA) : dumps.indexOf(DumpKind.FULL);
        ExecutorService beside = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "supabackup-small-dumps");
            thread.setDaemon(true);
            return thread;
        });
        Map<Integer, Future<Long>> small = new LinkedHashMap<>();
        Map<Integer, AtomicLong> streamed = new LinkedHashMap<>();
        try {
            for (int i = 0; i < dumps.size(); i++) {
                if (i != big) {
                    int index = i;
                    AtomicLong bytes = new AtomicLong();
                    streamed.put(i, bytes);
                    // counted aside while another step runs, and reported as its own step's advance later
                    ProgressListener tally = new ProgressListener() {
                        @Override
                        public void advanced(String step, long advance, long items) {
                            bytes.addAndGet(advance);
                        }
                    };
                    small.put(i, beside.submit(() -> {
                        try {
                            return take(index, new StepProgress(name(index), tally));
                        } catch (RuntimeException e) {
                            smallFailure.compareAndSet(null, e);
                            throw e;
                        }
                    }));
                }
            }
            if (big >= 0) {
                try {
                    steps.run(name(big), step -> take(big, step));
                } catch (RuntimeException e) {
                    // stopped by a small dump that failed: that failure is the one to tell
                    RuntimeException first = smallFailure.get();
                    if (first != null && first != e) {
                        throw first;
                    }
                    throw e;
                }
            }
            for (Map.Entry<Integer, Future<Long>> dump : small.entrySet()) {
                steps.run(name(dump.getKey()), step -> {
                    long size = await(dump.getValue());
                    step.advanced(streamed.get(dump.getKey()).get(), 0);
                    return size;
                });
            }
        } finally {
            // nothing may still be writing when the caller commits or aborts
            beside.shutdown();
            small.values().forEach(DatabaseDumps::awaitQuietly);
        }
        return tableStats.get();
    }

    private String name(int index) {
        return "dump " + dumps.get(index).name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    /** Takes dump {@code index} into the backup once the dump before it has started writing. */
    private long take(int index, StepProgress step) {
        DumpKind dump = dumps.get(index);
        try {
            AtomicReference<ManifestEntry> written = new AtomicReference<>();
            exporter.dump(source, dump, in -> {
                waitForTurn(index);
                InputStream content = new FirstRead(in, started.get(index));
                if (dump == DumpKind.DATA || dump == DumpKind.FULL) {
                    content = new StopsOnSmallFailure(content);
                }
                if (dump == DumpKind.DATA) {
                    // rows counted and hashed as they stream by: what drills and compare check against
                    CopyStatsInputStream stats = new CopyStatsInputStream(content);
                    written.set(writer.put(dump.path(), dump.entryKind(), step.counting(stats)));
                    tableStats.set(stats.stats());
                } else {
                    written.set(writer.put(dump.path(), dump.entryKind(), step.counting(content)));
                }
            });
            if (written.get() == null) {
                throw new SupabackupException(FailureKind.UNEXPECTED, "the " + dump.name().toLowerCase(Locale.ROOT)
                        + " dump produced no output");
            }
            return written.get().size();
        } finally {
            started.get(index).countDown();
        }
    }

    private void waitForTurn(int index) throws IOException {
        if (index == 0) {
            return;
        }
        try {
            started.get(index - 1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting for the dump before this one");
        }
    }

    private static long await(Future<Long> dump) {
        try {
            return dump.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SupabackupException(FailureKind.INTERRUPTED, "the backup was interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new SupabackupException(FailureKind.UNEXPECTED, "a dump failed: " + cause.getMessage(), null, cause);
        }
    }

    private static void awaitQuietly(Future<Long> dump) {
        try {
            dump.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException reported) {
            // thrown by await, or superseded by the failure that ended the backup first
        }
    }

    /** The big dump's bytes, until a small dump fails: then the next read fails, which ends the big dump. */
    private final class StopsOnSmallFailure extends FilterInputStream {
        StopsOnSmallFailure(InputStream in) {
            super(in);
        }

        private void check() throws IOException {
            RuntimeException failure = smallFailure.get();
            if (failure != null) {
                throw new IOException("stopped, since another dump of the backup failed: " + failure.getMessage());
            }
        }

        @Override
        public int read() throws IOException {
            check();
            return super.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            check();
            return super.read(b, off, len);
        }

        @Override
        public long skip(long n) throws IOException {
            check();
            return super.skip(n);
        }
    }

    /** Opens a latch at the first read: by then the writer has taken the entry's place in the manifest. */
    private static final class FirstRead extends FilterInputStream {
        private final CountDownLatch latch;

        FirstRead(InputStream in, CountDownLatch latch) {
            super(in);
            this.latch = latch;
        }

        @Override
        public int read() throws IOException {
            latch.countDown();
            return super.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            latch.countDown();
            return super.read(b, off, len);
        }

        @Override
        public long skip(long n) throws IOException {
            latch.countDown();
            return super.skip(n);
        }
    }
}
