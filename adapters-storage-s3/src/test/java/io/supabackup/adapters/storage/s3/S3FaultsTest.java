package io.supabackup.adapters.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import io.supabackup.domain.port.out.ObjectStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/** What the store does when the endpoint fails, refuses or cannot be reached. All traffic stays on loopback. */
@Timeout(120)
class S3FaultsTest {
    private static final int PART = (int) S3Config.MIN_PART_SIZE;

    @Test
    void transientFailuresOfPartUploadsAreRetriedAndTheUploadCompletes() throws Exception {
        String bucket = S3MockServer.createBucket("flaky");
        byte[] content = S3MultipartUploadTest.randomBytes(PART * 6 + 77);
        RecordingInterceptor recorder = new RecordingInterceptor();
        try (FaultProxy proxy = new FaultProxy(S3MockServer.endpoint(), FaultProxy.everyNthUploadPartFails(3, 4));
                S3Client client = S3MockServer.client(config(proxy.endpoint()).maxAttempts(4).build(), recorder)) {
            ObjectStore store = S3ObjectStores.open(client, bucket, "", config(proxy.endpoint()).build());

            store.save("flaky/object", new ByteArrayInputStream(content));

            assertThat(proxy.faults.get()).isBetween(2, 4);
            assertThat(recorder.requestsOf(UploadPartRequest.class)).hasSize(7);
            assertThat(recorder.headersOfAttempts("PUT", "partNumber", true)).hasSize(7 + proxy.faults.get());
        }
        try (InputStream in = S3MockServer.admin().getObject(b -> b.bucket(bucket).key("flaky/object"))) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
    }

    @Test
    void aPartUploadRejectedForGoodAbortsTheUploadAndLeavesNothing() throws Exception {
        String bucket = S3MockServer.createBucket("rejected");
        RecordingInterceptor recorder = new RecordingInterceptor();
        try (FaultProxy proxy = new FaultProxy(S3MockServer.endpoint(), FaultProxy.uploadPartsRejected());
                S3Client client = S3MockServer.client(config(proxy.endpoint()).build(), recorder)) {
            ObjectStore store = S3ObjectStores.open(client, bucket, "repo", config(proxy.endpoint()).build());

            assertThatThrownBy(() -> store.save("k", new ByteArrayInputStream(S3MultipartUploadTest.randomBytes(
                    PART + 1))))
                    .isExactlyInstanceOf(IOException.class)
                    .hasMessageContaining("save key 'k'").hasMessageContaining("InvalidRequest");

            assertThat(recorder.requestsOf(AbortMultipartUploadRequest.class)).hasSize(1);
        }
        assertThat(S3MockServer.admin().listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
        assertThat(S3MockServer.admin().listObjectsV2(b -> b.bucket(bucket)).contents()).isEmpty();
    }

    @Test
    void refusedCredentialsFailWithOneLineNamingTheKeyIdButNeverTheSecret() throws Exception {
        try (FaultProxy proxy = new FaultProxy(S3MockServer.endpoint(), FaultProxy.unknownAccessKey())) {
            S3Config config = config(proxy.endpoint()).credentials("AKIAEXAMPLEKEYID", "wJalrXUtnFEMI-secret", null)
                    .build();
            ObjectStore store = new S3ObjectStoreFactory(config).open(URI.create("s3://somebucket/repo"));

            assertThatThrownBy(() -> store.save("k", new ByteArrayInputStream(new byte[] {1})))
                    .isInstanceOfSatisfying(SupabackupException.class, e -> {
                        assertThat(e.kind()).isEqualTo(FailureKind.USAGE);
                        assertThat(e.getMessage()).contains("somebucket", proxy.endpoint().toString(),
                                "InvalidAccessKeyId", "access key id AKIAEXAMPLEKEYID")
                                .doesNotContain("wJalrXUtnFEMI-secret").doesNotContain("\n");
                        assertThat(e.hint()).contains("access key id and secret");
                    });
            assertThatThrownBy(store::exists).isInstanceOfSatisfying(SupabackupException.class,
                    e -> assertThat(e.kind()).isEqualTo(FailureKind.USAGE));
            assertThat(config.toString()).contains("AKIAEXAMPLEKEYID").doesNotContain("wJalrXUtnFEMI-secret");
        }
    }

    @Test
    void unreachableEndpointFailsWithTheEndpointInTheMessage() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        URI endpoint = URI.create("http://127.0.0.1:" + closedPort);
        S3Config config = config(endpoint).maxAttempts(2).connectTimeout(Duration.ofSeconds(1)).build();
        ObjectStore store = new S3ObjectStoreFactory(config).open(URI.create("s3://anybucket/repo"));

        assertThatThrownBy(store::exists).isInstanceOfSatisfying(SupabackupException.class, e -> {
            assertThat(e.kind()).isEqualTo(FailureKind.UNEXPECTED);
            assertThat(e.getMessage()).startsWith("cannot reach the S3 endpoint " + endpoint + " for bucket anybucket");
            assertThat(e.hint()).contains("endpoint");
        });
        assertThatThrownBy(() -> store.save("k", new ByteArrayInputStream(new byte[] {1})))
                .isInstanceOfSatisfying(SupabackupException.class,
                        e -> assertThat(e.kind()).isEqualTo(FailureKind.UNEXPECTED));
    }

    private static S3Config.Builder config(URI endpoint) {
        return S3MockServer.config().endpoint(endpoint);
    }
}
