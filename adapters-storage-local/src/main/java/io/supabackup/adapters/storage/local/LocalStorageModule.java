package io.supabackup.adapters.storage.local;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;
import io.supabackup.domain.port.out.ObjectStoreFactory;

/** Registers the local directory store for {@code file:} repository URIs. */
public final class LocalStorageModule extends AbstractModule {

    @Override
    protected void configure() {
        MapBinder.newMapBinder(binder(), String.class, ObjectStoreFactory.class)
                .addBinding(LocalObjectStoreFactory.SCHEME)
                .to(LocalObjectStoreFactory.class);
    }

    // Guice skips a second install only of an equal module: installing this one twice (say, directly and
    // through a ServiceLoader scan) must not bind "file" twice.
    @Override
    public boolean equals(Object other) {
        return other instanceof LocalStorageModule;
    }

    @Override
    public int hashCode() {
        return LocalStorageModule.class.hashCode();
    }
}
