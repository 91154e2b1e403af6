package io.supabackup.cli.plugin;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;
import io.supabackup.domain.port.out.ObjectInfo;
import io.supabackup.domain.port.out.ObjectKeys;
import io.supabackup.domain.port.out.ObjectNotFoundException;
import io.supabackup.domain.port.out.ObjectStore;
import io.supabackup.domain.port.out.ObjectStoreFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;

/**
 * What a third-party adapter looks like: a jar with a Guice module listed in
 * {@code META-INF/services/com.google.inject.Module} that registers a factory for its own URI scheme.
 * This one keeps {@code mem://NAME} repositories in memory, shared across runs of one JVM.
 */
public final class MemoryStorageModule extends AbstractModule {
    static final Map<String, Map<String, byte[]>> REPOSITORIES = new ConcurrentHashMap<>();

    @Override
    protected void configure() {
        MapBinder.newMapBinder(binder(), String.class, ObjectStoreFactory.class).addBinding("mem")
                .toInstance(new ObjectStoreFactory() {
                    @Override
                    public Set<String> schemes() {
                        return Set.of("mem");
                    }

                    @Override
                    public ObjectStore open(URI repository) {
                        return new MemoryStore(repository.getAuthority(),
                                REPOSITORIES.computeIfAbsent(repository.getAuthority(), k -> new ConcurrentSkipListMap<>()));
                    }
                });
    }

    public static Map<String, byte[]> repository(String name) {
        return REPOSITORIES.getOrDefault(name, Map.of());
    }

    private record MemoryStore(String name, Map<String, byte[]> objects) implements ObjectStore {
        @Override
        public void save(String key, InputStream content) throws IOException {
            objects.put(ObjectKeys.requireValid(key), content.readAllBytes());
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
            return Optional.ofNullable(objects.get(key)).map(b -> new ObjectInfo(key, b.length, Instant.EPOCH));
        }

        @Override
        public void list(String prefix, Consumer<ObjectInfo> consumer) {
            objects.forEach((k, v) -> {
                if (k.startsWith(prefix)) {
                    consumer.accept(new ObjectInfo(k, v.length, Instant.EPOCH));
                }
            });
        }

        @Override
        public void delete(String key) {
            objects.remove(key);
        }

        @Override
        public boolean exists() {
            return true;
        }

        @Override
        public String location() {
            return "mem://" + name;
        }
    }
}
