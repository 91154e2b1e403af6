package io.supabackup.domain.store;

import io.supabackup.domain.port.out.ObjectInfo;
import io.supabackup.domain.port.out.ObjectStore;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * Lets at most N operations run against the store at once; an opened object holds its permit until it
 * is closed, since reading it is what keeps a connection busy.
 */
public final class LimitedObjectStore implements ObjectStore {
    private final ObjectStore delegate;
    private final Semaphore permits;

    public LimitedObjectStore(ObjectStore delegate, int concurrency) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1");
        }
        this.delegate = delegate;
        this.permits = new Semaphore(concurrency, true);
    }

    private void acquire() throws InterruptedIOException {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a free connection to the repository");
        }
    }

    @Override
    public void save(String key, InputStream content) throws IOException {
        acquire();
        try {
            delegate.save(key, content);
        } finally {
            permits.release();
        }
    }

    @Override
    public InputStream load(String key) throws IOException {
        acquire();
        InputStream in;
        try {
            in = delegate.load(key);
        } catch (IOException | RuntimeException e) {
            permits.release();
            throw e;
        }
        return new FilterInputStream(in) {
            private boolean closed;

            @Override
            public void close() throws IOException {
                try {
                    super.close();
                } finally {
                    if (!closed) {
                        closed = true;
                        permits.release();
                    }
                }
            }
        };
    }

    @Override
    public Optional<ObjectInfo> stat(String key) throws IOException {
        acquire();
        try {
            return delegate.stat(key);
        } finally {
            permits.release();
        }
    }

    @Override
    public void list(String prefix, Consumer<ObjectInfo> consumer) throws IOException {
        acquire();
        try {
            delegate.list(prefix, consumer);
        } finally {
            permits.release();
        }
    }

    @Override
    public void delete(String key) throws IOException {
        acquire();
        try {
            delegate.delete(key);
        } finally {
            permits.release();
        }
    }

    @Override
    public boolean exists() throws IOException {
        acquire();
        try {
            return delegate.exists();
        } finally {
            permits.release();
        }
    }

    @Override
    public String location() {
        return delegate.location();
    }
}
