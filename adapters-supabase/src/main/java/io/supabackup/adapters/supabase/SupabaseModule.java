package io.supabackup.adapters.supabase;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.supabackup.domain.port.out.AuthDirectory;
import io.supabackup.domain.port.out.BucketStore;
import java.util.Objects;

/** Binds the project's {@link BucketStore} and {@link AuthDirectory}, sharing one HTTP client. */
public final class SupabaseModule extends AbstractModule {
    private final SupabaseConfig config;

    public SupabaseModule(SupabaseConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    @Provides
    @Singleton
    SupabaseHttp http() {
        return new SupabaseHttp(config);
    }

    @Provides
    @Singleton
    BucketStore bucketStore(SupabaseHttp http) {
        return new SupabaseBucketStore(http);
    }

    @Provides
    @Singleton
    AuthDirectory authDirectory(SupabaseHttp http) {
        return new SupabaseAuthDirectory(http);
    }
}
