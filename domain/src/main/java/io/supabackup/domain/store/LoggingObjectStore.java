package io.supabackup.domain.store;

import io.supabackup.domain.port.out.ObjectInfo;
import io.supabackup.domain.port.out.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs every operation at debug level with its key and duration; keys and locations hold no secrets. */
public final class LoggingObjectStore implements ObjectStore {
    private static final Logger LOG = LoggerFactory.getLogger(LoggingObjectStore.class);

    private final ObjectStore delegate;

    public LoggingObjectStore(ObjectStore delegate) {
        this.delegate = delegate;
    }

    private static long now() {
        return System.nanoTime();
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    @Override
    public void save(String key, InputStream content) throws IOException {
        long start = now();
        try {
            delegate.save(key, content);
            LOG.debug("saved {} in {} ms", key, millisSince(start));
        } catch (IOException | RuntimeException e) {
            LOG.debug("saving {} failed after {} ms: {}", key, millisSince(start), e.toString());
            throw e;
        }
    }

    @Override
    public InputStream load(String key) throws IOException {
        long start = now();
        InputStream in = delegate.load(key);
        LOG.debug("opened {} in {} ms", key, millisSince(start));
        return in;
    }

    @Override
    public Optional<ObjectInfo> stat(String key) throws IOException {
        Optional<ObjectInfo> info = delegate.stat(key);
        LOG.debug("stat {}: {}", key, info.map(i -> i.size() + " bytes").orElse("absent"));
        return info;
    }

    @Override
    public void list(String prefix, Consumer<ObjectInfo> consumer) throws IOException {
        long start = now();
        long[] count = {0};
        delegate.list(prefix, info -> {
            count[0]++;
            consumer.accept(info);
        });
        LOG.debug("listed {} objects under '{}' in {} ms", count[0], prefix, millisSince(start));
    }

    @Override
    public void delete(String key) throws IOException {
        delegate.delete(key);
        LOG.debug("deleted {}", key);
    }

    @Override
    public boolean exists() throws IOException {
        return delegate.exists();
    }

    @Override
    public String location() {
        return delegate.location();
    }
}
