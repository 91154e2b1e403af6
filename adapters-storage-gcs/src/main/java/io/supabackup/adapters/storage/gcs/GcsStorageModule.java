package io.supabackup.adapters.storage.gcs;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;
import io.supabackup.domain.port.out.ObjectStoreFactory;
import java.util.Objects;

/** Registers the Google Cloud Storage store for {@code gs://bucket/prefix} repository URIs. */
public final class GcsStorageModule extends AbstractModule {
    private final GcsConfig config;

    public GcsStorageModule(GcsConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    protected void configure() {
        MapBinder.newMapBinder(binder(), String.class, ObjectStoreFactory.class)
                .addBinding(GcsObjectStoreFactory.SCHEME)
                .toInstance(new GcsObjectStoreFactory(config));
    }

    // Guice skips a second install only of an equal module: installing the same settings twice must not
    // bind "gs" twice, while two different settings for one scheme must fail loudly.
    @Override
    public boolean equals(Object other) {
        return other instanceof GcsStorageModule module && module.config.equals(config);
    }

    @Override
    public int hashCode() {
        return Objects.hash(GcsStorageModule.class, config);
    }
}
