package io.supabackup.adapters.storage.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class GcsConfigTest {

    @Test
    void defaultsUseApplicationDefaultCredentialsAndGooglesEndpoint() {
        GcsConfig config = GcsConfig.defaults();

        assertThat(config.projectId()).isNull();
        assertThat(config.credentialsFile()).isNull();
        assertThat(config.anonymous()).isFalse();
        assertThat(config.endpoint()).isNull();
        assertThat(config.storageClass()).isNull();
        assertThat(config.chunkSize()).isEqualTo(16 * 1024 * 1024);
        assertThat(config.retention()).isNull();
        assertThat(config.retentionMode()).isEqualTo(GcsConfig.RetentionMode.UNLOCKED);
        assertThat(config.hold()).isEqualTo(GcsConfig.Hold.NONE);
    }

    @Test
    void storageClassIsNormalised() {
        assertThat(GcsConfig.defaults().withStorageClass("nearline").storageClass()).isEqualTo("NEARLINE");
        assertThat(GcsConfig.defaults().withStorageClass(" multi-regional ").storageClass()).isEqualTo("MULTI_REGIONAL");
    }

    @Test
    void endpointKeepsOnlySchemeHostAndPort() {
        assertThat(GcsConfig.defaults().withEndpoint(URI.create("HTTP://localhost:4443/")).endpoint())
                .isEqualTo(URI.create("http://localhost:4443"));
    }

    @Test
    void invalidSettingsAreRefused() {
        GcsConfig base = GcsConfig.defaults();
        assertThatThrownBy(() -> base.withStorageClass("glacier")).hasMessageContaining("unknown GCS storage class");
        assertThatThrownBy(() -> base.withChunkSize(1000)).hasMessageContaining("multiple of 256 KiB");
        assertThatThrownBy(() -> base.withChunkSize(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> base.withChunkSize(512 * 1024 * 1024)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> base.withProjectId(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> base.withProjectId("my project")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> base.withCredentialsFile(Path.of("key.json")).withAnonymous(true))
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> base.withRetention(Duration.ZERO, null)).hasMessageContaining("positive");
        assertThatThrownBy(() -> base.withRetention(Duration.ofMillis(1500), null)).hasMessageContaining("whole seconds");
        for (String endpoint : new String[] {"localhost:4443", "ftp://host", "http://user:pw@host",
            "http://host/storage/v1", "http://host?x=1"}) {
            assertThatThrownBy(() -> base.withEndpoint(URI.create(endpoint))).as(endpoint)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void endpointWithAPasswordIsRefusedWithoutShowingIt() {
        assertThatThrownBy(() -> GcsConfig.defaults().withEndpoint(URI.create("http://user:hunter2@host:1")))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
    }

    @Test
    void retentionModeDefaultsToUnlocked() {
        GcsConfig config = GcsConfig.defaults().withRetention(Duration.ofDays(30), null);

        assertThat(config.retention()).isEqualTo(Duration.ofDays(30));
        assertThat(config.retentionMode()).isEqualTo(GcsConfig.RetentionMode.UNLOCKED);
    }
}
