package io.supabackup.adapters.storage.s3;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;
import io.supabackup.domain.port.out.ObjectStoreFactory;
import java.util.Objects;

/** Registers the S3 store for {@code s3://bucket/prefix} repository URIs, configured by {@link S3Config}. */
public final class S3StorageModule extends AbstractModule {
    private final S3Config config;

    public S3StorageModule(S3Config config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    protected void configure() {
        MapBinder.newMapBinder(binder(), String.class, ObjectStoreFactory.class)
                .addBinding(S3ObjectStoreFactory.SCHEME)
                .toInstance(new S3ObjectStoreFactory(config));
    }

    // Guice skips a second install only of an equal module: the same settings installed twice bind "s3" once,
    // different ones fail as a duplicate binding rather than one silently winning.
    @Override
    public boolean equals(Object other) {
        return other instanceof S3StorageModule module && module.config.equals(config);
    }

    @Override
    public int hashCode() {
        return Objects.hash(S3StorageModule.class, config);
    }

    @Override
    public String toString() {
        return "S3StorageModule[" + config + "]";
    }
}
