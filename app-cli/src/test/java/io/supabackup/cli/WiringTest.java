package io.supabackup.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Guice;
import com.google.inject.ProvisionException;
import io.supabackup.adapters.storage.gcs.GcsConfig;
import io.supabackup.adapters.storage.s3.S3Config;
import io.supabackup.api.Supabackup;
import io.supabackup.cli.wiring.AppConfig;
import io.supabackup.cli.wiring.AppModule;
import io.supabackup.domain.port.out.ObjectStore;
import io.supabackup.domain.port.out.ProgressListener;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The repository URI's scheme picks the adapter, wrapped once in retry, logging and a concurrency limit. */
class WiringTest {
    @TempDir
    Path work;

    private ObjectStore storeFor(String repository) {
        AppConfig config = new AppConfig(AppConfig.repositoryUri(repository, work), Optional.empty(), true, 4, 3,
                S3Config.builder().region("eu-west-1").build(),
                GcsConfig.defaults().withAnonymous(true).withEndpoint(URI.create("http://127.0.0.1:9")),
                new io.supabackup.adapters.crypto.CryptoConfig(java.util.List.of(), null, null, null, null),
                Optional.empty());
        return Guice.createInjector(new AppModule(config, ProgressListener.NONE, Supabackup.REFUSE))
                .getInstance(ObjectStore.class);
    }

    @Test
    void eachSchemeReachesItsAdapter() {
        assertThat(storeFor("plain/dir").location()).isEqualTo(work.resolve("plain/dir").toString());
        assertThat(storeFor("s3://my-bucket/team/prod").location()).isEqualTo("s3://my-bucket/team/prod");
        assertThat(storeFor("gs://my-bucket/team/prod").location()).isEqualTo("gs://my-bucket/team/prod");
    }

    @Test
    void anUnknownSchemeListsTheKnownOnes() {
        assertThatThrownBy(() -> storeFor("azure://container/x"))
                .isInstanceOf(ProvisionException.class)
                .cause().isInstanceOfSatisfying(io.supabackup.domain.error.SupabackupException.class, e -> {
                    assertThat(e.getMessage()).contains("unknown repository scheme 'azure:'");
                    assertThat(e.hint()).contains("file, gs, mem, s3");
                });
    }

    @Test
    void theStoreIsWrappedWithRetries() {
        assertThat(storeFor("plain/dir")).isInstanceOf(io.supabackup.domain.store.RetryingObjectStore.class);
    }
}
