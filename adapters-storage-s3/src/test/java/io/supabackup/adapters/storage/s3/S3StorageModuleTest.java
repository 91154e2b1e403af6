package io.supabackup.adapters.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.ProvisionException;
import com.google.inject.TypeLiteral;
import io.supabackup.domain.port.out.ObjectStore;
import io.supabackup.domain.port.out.ObjectStoreFactory;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class S3StorageModuleTest {
    private static final Key<Map<String, ObjectStoreFactory>> FACTORIES =
            Key.get(new TypeLiteral<Map<String, ObjectStoreFactory>>() { });

    @Test
    void registersAFactoryForTheS3SchemeThatReachesTheConfiguredEndpoint() throws Exception {
        String bucket = S3MockServer.createBucket("wired");
        Injector injector = Guice.createInjector(new S3StorageModule(S3MockServer.config().build()));

        Map<String, ObjectStoreFactory> factories = injector.getInstance(FACTORIES);

        assertThat(factories).containsOnlyKeys("s3");
        ObjectStore store = factories.get("s3").open(URI.create("s3://" + bucket + "/repo"));
        store.save("wired", new ByteArrayInputStream(new byte[] {1, 2, 3}));
        try (InputStream in = S3MockServer.admin().getObject(b -> b.bucket(bucket).key("repo/wired"))) {
            assertThat(in.readAllBytes()).containsExactly(1, 2, 3);
        }
    }

    @Test
    void installingTheSameModuleTwiceBindsTheSchemeOnce() {
        S3Config config = S3Config.builder().region("eu-west-1").build();
        Injector injector = Guice.createInjector(new S3StorageModule(config), new S3StorageModule(config));

        assertThat(injector.getInstance(FACTORIES)).containsOnlyKeys("s3");
    }

    @Test
    void twoDifferentConfigurationsForTheSameSchemeFail() {
        assertThatThrownBy(() -> Guice.createInjector(
                new S3StorageModule(S3Config.builder().region("eu-west-1").build()),
                new S3StorageModule(S3Config.builder().region("us-west-2").build()))
                .getInstance(FACTORIES))
                .isInstanceOfAny(CreationException.class, ProvisionException.class);
    }

    @Test
    void moduleToStringRedactsTheSecret() {
        S3StorageModule module = new S3StorageModule(S3Config.builder().credentials("AKIAX", "hidden-secret", null)
                .build());

        assertThat(module.toString()).doesNotContain("hidden-secret");
    }
}
