package io.supabackup.domain.repository;

import io.supabackup.domain.port.out.ObjectInfo;
import io.supabackup.domain.port.out.ObjectKeys;
import io.supabackup.domain.port.out.ObjectNotFoundException;
import io.supabackup.domain.port.out.ObjectStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;

/** A store in memory for the format's unit tests; the real adapters pass the shared contract suite. */
public final class InMemoryObjectStore implements ObjectStore {
    public final Map<String, byte[]> objects = new ConcurrentSkipListMap<>();
    private final Map<String, Instant> written = new java.util.concurrent.ConcurrentHashMap<>();
    /** When objects are written: the epoch unless a test sets a clock. */
    public volatile java.time.Clock clock = java.time.Clock.fixed(Instant.EPOCH, java.time.ZoneOffset.UTC);

    @Override
    public void save(String key, InputStream content) throws IOException {
        ObjectKeys.requireValid(key);
        byte[] bytes = content.readAllBytes();
        written.put(key, clock.instant());
        objects.put(key, bytes);
    }

    @Override
    public InputStream load(String key) throws IOException {
        byte[] bytes = objects.get(key);
        if (bytes == null) {
            throw new ObjectNotFoundException(key);
        }
        return new ByteArrayInputStream(bytes);
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
        byte[] bytes = objects.get(key);
        return bytes == null ? Optional.empty() : Optional.of(new ObjectInfo(key, bytes.length, written.getOrDefault(key, Instant.EPOCH)));
    }

    @Override
    public void list(String prefix, Consumer<ObjectInfo> consumer) {
        objects.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                consumer.accept(new ObjectInfo(k, v.length, written.getOrDefault(k, Instant.EPOCH)));
            }
        });
    }

    @Override
    public void delete(String key) {
        objects.remove(key);
        written.remove(key);
    }

    @Override
    public boolean exists() {
        return true;
    }

    @Override
    public String location() {
        return "memory:";
    }
}
