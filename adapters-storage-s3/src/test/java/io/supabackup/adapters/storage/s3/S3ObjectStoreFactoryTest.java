package io.supabackup.adapters.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class S3ObjectStoreFactoryTest {

    @Test
    void servesTheS3Scheme() {
        assertThat(new S3ObjectStoreFactory(S3Config.defaults()).schemes()).containsExactly("s3");
    }

    @Test
    void splitsBucketAndPrefix() {
        assertThat(S3ObjectStoreFactory.parse(URI.create("s3://bucket/backups/prod")))
                .isEqualTo(new S3ObjectStoreFactory.Target("bucket", "backups/prod/"));
        assertThat(S3ObjectStoreFactory.parse(URI.create("s3://bucket/backups/prod/")))
                .isEqualTo(new S3ObjectStoreFactory.Target("bucket", "backups/prod/"));
        assertThat(S3ObjectStoreFactory.parse(URI.create("s3://bucket")))
                .isEqualTo(new S3ObjectStoreFactory.Target("bucket", ""));
        assertThat(S3ObjectStoreFactory.parse(URI.create("s3://bucket/")))
                .isEqualTo(new S3ObjectStoreFactory.Target("bucket", ""));
        assertThat(S3ObjectStoreFactory.parse(URI.create("S3://my.dotted-bucket/a%20b")))
                .isEqualTo(new S3ObjectStoreFactory.Target("my.dotted-bucket", "a b/"));
    }

    @Test
    void rejectsUrisThatAreNotABucketAndPrefix() {
        for (String uri : new String[] {"s3:bucket/prefix", "s3:///prefix", "s3://bucket/a/../b",
            "s3://bucket/a//b", "s3://bucket/p?x=1", "s3://bucket/p#f", "gs://bucket/p"}) {
            assertThatThrownBy(() -> S3ObjectStoreFactory.parse(URI.create(uri))).as(uri)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void credentialsInTheUriAreRejectedWithoutEchoingThem() {
        assertThatThrownBy(() -> S3ObjectStoreFactory.parse(URI.create("s3://AKIA:topsecret@bucket/p")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("topsecret");
    }

    @Test
    void opensWithoutContactingTheEndpoint() {
        S3ObjectStoreFactory factory = new S3ObjectStoreFactory(S3Config.builder().region("eu-central-1")
                .credentials("AKIAEXAMPLE", "secret", null).build());

        assertThat(factory.open(URI.create("s3://bucket/repo")).location()).isEqualTo("s3://bucket/repo");
    }
}
