package io.supabackup.adapters.supabase;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Injector;
import io.supabackup.domain.port.out.AuthDirectory;
import io.supabackup.domain.port.out.BucketStore;
import java.net.URI;
import org.junit.jupiter.api.Test;

class SupabaseModuleTest {
    @Test
    void bindsBothPortsToOneClientWithLocationsWithoutTheKey() {
        SupabaseConfig config = SupabaseConfig.of(URI.create("https://abcd.supabase.co"), "sb_secret_modulekey123");
        Injector injector = Guice.createInjector(new SupabaseModule(config));
        BucketStore storage = injector.getInstance(BucketStore.class);
        AuthDirectory auth = injector.getInstance(AuthDirectory.class);
        assertThat(storage.location()).isEqualTo("https://abcd.supabase.co/storage/v1");
        assertThat(auth.location()).isEqualTo("https://abcd.supabase.co/auth/v1");
        assertThat(injector.getInstance(BucketStore.class)).isSameAs(storage);
        assertThat(storage.location() + auth.location()).doesNotContain("modulekey");
    }
}
