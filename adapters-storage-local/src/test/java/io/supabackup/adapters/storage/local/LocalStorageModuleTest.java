package io.supabackup.adapters.storage.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import io.supabackup.domain.port.out.ObjectStore;
import io.supabackup.domain.port.out.ObjectStoreFactory;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStorageModuleTest {
    private static final Key<Map<String, ObjectStoreFactory>> FACTORIES =
            Key.get(new TypeLiteral<Map<String, ObjectStoreFactory>>() { });

    @TempDir
    Path tmp;

    @Test
    void registersAFactoryForTheFileSchemeInTheMapBinder() throws Exception {
        Injector injector = Guice.createInjector(new LocalStorageModule());

        Map<String, ObjectStoreFactory> factories = injector.getInstance(FACTORIES);

        assertThat(factories).containsOnlyKeys("file");
        ObjectStore store = factories.get("file").open(tmp.toUri());
        store.save("wired", new ByteArrayInputStream(new byte[] {1, 2, 3}));
        assertThat(tmp.resolve("wired")).hasBinaryContent(new byte[] {1, 2, 3});
    }

    @Test
    void installingTheModuleTwiceBindsTheSchemeOnce() {
        Injector injector = Guice.createInjector(new LocalStorageModule(), new LocalStorageModule());

        assertThat(injector.getInstance(FACTORIES)).containsOnlyKeys("file");
    }
}
