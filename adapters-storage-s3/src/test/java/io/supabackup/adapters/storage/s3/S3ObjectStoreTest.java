package io.supabackup.adapters.storage.s3;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import io.supabackup.domain.port.out.ObjectInfo;
import io.supabackup.domain.port.out.ObjectStore;
import io.supabackup.testkit.objectstore.ObjectStoreContract;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shared contract against a real S3 API (Adobe S3Mock in this JVM), through the factory the wiring uses. */
class S3ObjectStoreTest extends ObjectStoreContract {
    private static S3ObjectStoreFactory factory;

    private String bucket;

    @BeforeAll
    static void startServer() {
        factory = new S3ObjectStoreFactory(S3MockServer.config().build());
    }

    @Override
    protected ObjectStore newStore() {
        bucket = S3MockServer.createBucket("contract");
        return factory.open(URI.create("s3://" + bucket + "/repositories/main"));
    }

    @Override
    protected ObjectStore newMissingStore() {
        return factory.open(URI.create("s3://" + S3MockServer.newBucketName("missing") + "/repo"));
    }

    @Override
    protected long largeObjectSize() {
        // Twelve and a half parts of 5 MiB: multipart with a short last part, and quick against S3Mock's disk.
        return 62L * S3Config.MIB + 512 * 1024;
    }

    @Test
    void keysLiveUnderThePrefixInsideTheBucketAndAreListedWithoutIt() throws Exception {
        store.save("a/b", new ByteArrayInputStream("x".getBytes(UTF_8)));
        ObjectStore atRoot = factory.open(URI.create("s3://" + bucket));
        atRoot.save("outside", new ByteArrayInputStream("y".getBytes(UTF_8)));

        assertThat(S3MockServer.admin().listObjectsV2(b -> b.bucket(bucket)).contents())
                .extracting(o -> o.key()).containsExactlyInAnyOrder("repositories/main/a/b", "outside");
        assertThat(listKeys("")).containsExactly("a/b");
        List<String> fromRoot = new ArrayList<>();
        atRoot.list("", info -> fromRoot.add(info.key()));
        assertThat(fromRoot).containsExactlyInAnyOrder("repositories/main/a/b", "outside");
        assertThat(store.stat("a/b")).map(ObjectInfo::key).contains("a/b");
    }

    @Test
    void folderMarkersMadeByConsolesAreNotListedAsObjects() throws Exception {
        store.save("kept", new ByteArrayInputStream(new byte[] {1}));
        S3MockServer.admin().putObject(b -> b.bucket(bucket).key("repositories/main/folder/"),
                software.amazon.awssdk.core.sync.RequestBody.empty());

        assertThat(listKeys("")).containsExactly("kept");
    }

    @Test
    void locationIsTheBucketAndPrefixWithoutCredentials() {
        assertThat(store.location()).isEqualTo("s3://" + bucket + "/repositories/main");
        assertThat(factory.open(URI.create("s3://" + bucket + "/")).location()).isEqualTo("s3://" + bucket);
        assertThat(store.location()).doesNotContain("test-secret-key").doesNotContain("test-access-key");
    }

    @Test
    void writingToAMissingBucketFailsAsNotFoundNamingBucketAndEndpoint() throws Exception {
        String missing = S3MockServer.newBucketName("absent");
        ObjectStore absent = factory.open(URI.create("s3://" + missing + "/repo"));

        assertThat(absent.exists()).isFalse();
        assertThatThrownBy(() -> absent.save("k", new ByteArrayInputStream(new byte[] {1})))
                .isInstanceOfSatisfying(SupabackupException.class, e -> {
                    assertThat(e.kind()).isEqualTo(FailureKind.NOT_FOUND);
                    assertThat(e.getMessage()).isEqualTo("bucket " + missing + " does not exist at "
                            + S3MockServer.endpoint());
                    assertThat(e.hint()).contains("create the bucket");
                });
        assertThatThrownBy(() -> absent.list("", info -> { }))
                .isInstanceOfSatisfying(SupabackupException.class,
                        e -> assertThat(e.kind()).isEqualTo(FailureKind.NOT_FOUND));
        assertThatThrownBy(() -> absent.load("k")).isInstanceOf(IOException.class)
                .hasMessageContaining("bucket " + missing + " does not exist");
    }
}
