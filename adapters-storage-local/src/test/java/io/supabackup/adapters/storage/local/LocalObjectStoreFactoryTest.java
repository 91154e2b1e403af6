package io.supabackup.adapters.storage.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalObjectStoreFactoryTest {
    private final LocalObjectStoreFactory factory = new LocalObjectStoreFactory();

    @TempDir
    Path tmp;

    @Test
    void servesTheFileScheme() {
        assertThat(factory.schemes()).containsExactly("file");
    }

    @Test
    void opensAnAbsoluteFileUri() {
        assertThat(factory.open(tmp.toUri()).location()).isEqualTo(tmp.toAbsolutePath().toString());
        assertThat(factory.open(URI.create("file:///srv/backups")).location()).isEqualTo("/srv/backups");
        assertThat(factory.open(URI.create("file:/srv/backups")).location()).isEqualTo("/srv/backups");
        assertThat(factory.open(URI.create("FILE:///srv/backups")).location()).isEqualTo("/srv/backups");
    }

    @Test
    void decodesPercentEscapesOfTheUri() {
        assertThat(factory.open(URI.create("file:///srv/my%20backups")).location()).isEqualTo("/srv/my backups");
    }

    @Test
    void rejectsUrisItCannotMapToAnAbsolutePath() {
        for (String uri : new String[] {"file:relative/path", "file://host/share", "file:///srv?x=1",
            "file:///srv#top", "s3://bucket/prefix", "/srv/backups"}) {
            assertThatThrownBy(() -> factory.open(URI.create(uri))).as(uri)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(uri);
        }
    }
}
