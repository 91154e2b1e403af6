package io.supabackup.domain.store;

import io.supabackup.domain.error.SupabackupException;
import io.supabackup.domain.port.out.ObjectInfo;
import io.supabackup.domain.port.out.ObjectNotFoundException;
import io.supabackup.domain.port.out.ObjectStore;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries what failed with an {@link IOException}, with exponential backoff and full jitter. A save is
 * retried only when nothing of its stream was consumed yet, or when the stream can be rewound: a stream
 * read half way cannot be replayed, and an adapter retries its own parts. Answers that are not transient
 * (a missing object, a {@link SupabackupException} an adapter raised for a missing bucket or refused
 * credentials, an invalid key) are passed on at once.
 */
public final class RetryingObjectStore implements ObjectStore {
    private static final Logger LOG = LoggerFactory.getLogger(RetryingObjectStore.class);

    private final ObjectStore delegate;
    private final int attempts;
    private final Duration baseDelay;
    private final Duration maxDelay;
    private final Sleeper sleeper;

    /** Pauses between attempts; tests pass one that does not really sleep. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    public RetryingObjectStore(ObjectStore delegate, int attempts, Duration baseDelay, Duration maxDelay, Sleeper sleeper) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1");
        }
        this.delegate = delegate;
        this.attempts = attempts;
        this.baseDelay = baseDelay;
        this.maxDelay = maxDelay;
        this.sleeper = sleeper;
    }

    public RetryingObjectStore(ObjectStore delegate, int attempts) {
        this(delegate, attempts, Duration.ofMillis(200), Duration.ofSeconds(10), d -> Thread.sleep(d.toMillis()));
    }

    @FunctionalInterface
    private interface Operation<T> {
        T run() throws IOException;
    }

    private <T> T withRetry(String what, Operation<T> operation, java.util.function.BooleanSupplier retryable)
            throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return operation.run();
            } catch (ObjectNotFoundException | InterruptedIOException e) {
                throw e;
            } catch (IOException e) {
                if (attempt >= attempts || !retryable.getAsBoolean()) {
                    throw e;
                }
                Duration pause = backoff(attempt);
                LOG.warn("{} failed ({}); attempt {} of {} in {} ms", what, e.getMessage(), attempt + 1, attempts,
                        pause.toMillis());
                try {
                    sleeper.sleep(pause);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    InterruptedIOException stop = new InterruptedIOException("interrupted while waiting to retry " + what);
                    stop.addSuppressed(e);
                    throw stop;
                }
            }
        }
    }

    private Duration backoff(int attempt) {
        long cap = Math.min(maxDelay.toMillis(), baseDelay.toMillis() << Math.min(attempt - 1, 20));
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(cap / 2, cap + 1));
    }

    @Override
    public void save(String key, InputStream content) throws IOException {
        CountingStream counting = new CountingStream(content);
        boolean rewindable = content.markSupported();
        if (rewindable) {
            content.mark(Integer.MAX_VALUE);
        }
        withRetry("saving " + key, () -> {
            if (counting.consumed > 0) {
                content.reset();
                counting.consumed = 0;
            }
            delegate.save(key, counting);
            return null;
        }, () -> counting.consumed == 0 || rewindable);
    }

    @Override
    public InputStream load(String key) throws IOException {
        return withRetry("loading " + key, () -> delegate.load(key), () -> true);
    }

    @Override
    public Optional<ObjectInfo> stat(String key) throws IOException {
        return withRetry("reading the size of " + key, () -> delegate.stat(key), () -> true);
    }

    @Override
    public void list(String prefix, Consumer<ObjectInfo> consumer) throws IOException {
        // A listing that failed part way is started again; the consumer must tolerate seeing keys twice,
        // which is why only listings that failed before delivering anything are retried.
        boolean[] delivered = {false};
        withRetry("listing " + (prefix.isEmpty() ? "the repository" : prefix), () -> {
            delegate.list(prefix, info -> {
                delivered[0] = true;
                consumer.accept(info);
            });
            return null;
        }, () -> !delivered[0]);
    }

    @Override
    public void delete(String key) throws IOException {
        withRetry("deleting " + key, () -> {
            delegate.delete(key);
            return null;
        }, () -> true);
    }

    @Override
    public boolean exists() throws IOException {
        return withRetry("checking the repository", delegate::exists, () -> true);
    }

    @Override
    public String location() {
        return delegate.location();
    }

    /** Knows whether an attempt consumed any of the stream, which decides if it may be tried again. */
    private static final class CountingStream extends FilterInputStream {
        private long consumed;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                consumed++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                consumed += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            consumed += skipped;
            return skipped;
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }
}
