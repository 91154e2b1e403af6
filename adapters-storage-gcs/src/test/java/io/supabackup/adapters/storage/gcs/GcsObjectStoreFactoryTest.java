package io.supabackup.adapters.storage.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class GcsObjectStoreFactoryTest {
    private final GcsObjectStoreFactory factory = new GcsObjectStoreFactory(
            GcsConfig.defaults().withAnonymous(true).withProjectId("p").withEndpoint(URI.create("http://127.0.0.1:9")));

    @Test
    void servesTheGsScheme() {
        assertThat(factory.schemes()).containsExactly("gs");
    }

    @Test
    void splitsTheUriIntoBucketAndPrefix() {
        assertThat(GcsObjectStoreFactory.parse(URI.create("gs://my-bucket/backups/site-1/")))
                .isEqualTo(new GcsObjectStoreFactory.Location("my-bucket", "backups/site-1"));
        assertThat(GcsObjectStoreFactory.parse(URI.create("gs://my_bucket")))
                .isEqualTo(new GcsObjectStoreFactory.Location("my_bucket", ""));
        assertThat(GcsObjectStoreFactory.parse(URI.create("GS://b.example.com/")))
                .isEqualTo(new GcsObjectStoreFactory.Location("b.example.com", ""));
        assertThat(GcsObjectStoreFactory.parse(URI.create("gs://bkt/caf%C3%A9")))
                .isEqualTo(new GcsObjectStoreFactory.Location("bkt", "café"));
    }

    @Test
    void locationIsTheGsUriWithoutTrailingSlash() {
        assertThat(factory.open(URI.create("gs://my-bucket/backups/")).location()).isEqualTo("gs://my-bucket/backups");
        assertThat(factory.open(URI.create("gs://my-bucket")).location()).isEqualTo("gs://my-bucket");
    }

    @Test
    void rejectsUrisThatAreNotABucketAndPrefix() {
        for (String uri : new String[] {"s3://bucket/x", "gs:bucket", "gs:///x", "gs://Upper/x", "gs://ab/x",
            "gs://-bad/x", "gs://bucket:80/x", "gs://bucket/x?y=1", "gs://bucket/x#f", "gs://bucket/a//b",
            "gs://bucket/a/../b", "gs://googbucket/x"}) {
            assertThatThrownBy(() -> factory.open(URI.create(uri))).as(uri)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aPasswordInTheUriIsNeverRepeated() {
        assertThatThrownBy(() -> factory.open(URI.create("gs://user:hunter2@bucket/x")))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
    }
}
