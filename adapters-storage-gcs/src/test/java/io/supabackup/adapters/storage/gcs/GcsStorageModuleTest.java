package io.supabackup.adapters.storage.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import io.supabackup.domain.port.out.ObjectStoreFactory;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GcsStorageModuleTest {
    private static final Key<Map<String, ObjectStoreFactory>> FACTORIES =
            Key.get(new TypeLiteral<Map<String, ObjectStoreFactory>>() { });
    private static final GcsConfig CONFIG = GcsConfig.defaults().withAnonymous(true).withProjectId("p")
            .withEndpoint(URI.create("http://127.0.0.1:9"));

    @Test
    void registersAFactoryForTheGsSchemeInTheMapBinder() {
        Injector injector = Guice.createInjector(new GcsStorageModule(CONFIG));

        Map<String, ObjectStoreFactory> factories = injector.getInstance(FACTORIES);

        assertThat(factories).containsOnlyKeys("gs");
        assertThat(factories.get("gs").open(URI.create("gs://my-bucket/backups")).location())
                .isEqualTo("gs://my-bucket/backups");
    }

    @Test
    void installingTheSameModuleTwiceBindsTheSchemeOnce() {
        Injector injector = Guice.createInjector(new GcsStorageModule(CONFIG), new GcsStorageModule(CONFIG));

        assertThat(injector.getInstance(FACTORIES)).containsOnlyKeys("gs");
    }

    @Test
    void twoDifferentSettingsForTheSchemeFail() {
        assertThatThrownBy(() -> Guice.createInjector(new GcsStorageModule(CONFIG),
                new GcsStorageModule(CONFIG.withStorageClass("NEARLINE"))).getInstance(FACTORIES))
                .isInstanceOf(CreationException.class);
    }
}
