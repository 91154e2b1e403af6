package io.supabackup.adapters.storage.s3;

import com.adobe.testing.s3mock.S3MockApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * One Adobe S3Mock per test JVM, inside it, on a random loopback port: a real S3 API (multipart uploads,
 * listing, Object Lock) without Docker. Started on first use; the JVM's exit stops it.
 */
final class S3MockServer {
    /** A KMS key S3Mock accepts; it is registered by its ARN and named by its id in requests. */
    static final String KMS_KEY_ID = "7b3e5f2a-1c4d-4e8f-9a0b-2c3d4e5f6a7b";
    private static final AtomicInteger BUCKETS = new AtomicInteger();
    private static S3MockApplication server;
    private static S3Client admin;

    private S3MockServer() {
    }

    static synchronized URI endpoint() {
        if (server == null) {
            Path root;
            try {
                root = Files.createTempDirectory("s3mock");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            // S3Mock removes the entries it consumes, so the map must be mutable.
            server = S3MockApplication.start(new HashMap<>(Map.of(
                    S3MockApplication.PROP_HTTP_PORT, S3MockApplication.RANDOM_PORT,
                    S3MockApplication.PROP_HTTPS_PORT, S3MockApplication.RANDOM_PORT,
                    "server.address", "127.0.0.1",
                    S3MockApplication.PROP_ROOT_DIRECTORY, root.toString(),
                    "com.adobe.testing.s3mock.store.retainFilesOnExit", false,
                    S3MockApplication.PROP_SILENT, true)));
            server.registerKMSKeyRef("arn:aws:kms:us-east-1:123456789012:key/" + KMS_KEY_ID);
        }
        return URI.create("http://127.0.0.1:" + server.getHttpPort());
    }

    /** Settings that reach the in-process server: path-style, its region, any static credentials. */
    static S3Config.Builder config() {
        return S3Config.builder().endpoint(endpoint()).pathStyle(true).region("us-east-1")
                .credentials("test-access-key", "test-secret-key", null)
                .partSize(S3Config.MIN_PART_SIZE)
                .maxAttempts(3);
    }

    /** A client built by the adapter's own builder from {@code config}, with extra interceptors. */
    static S3Client client(S3Config config, ExecutionInterceptor... interceptors) {
        S3ClientBuilder builder = S3Clients.builder(config);
        builder.overrideConfiguration(o -> {
            o.retryStrategy(AwsRetryStrategy.standardRetryStrategy()
                    .toBuilder().maxAttempts(config.maxAttempts()).build());
            for (ExecutionInterceptor interceptor : interceptors) {
                o.addExecutionInterceptor(interceptor);
            }
        });
        // The JDK's HttpServer in front of S3Mock in the fault tests has no use for a 100-continue handshake.
        builder.httpClientBuilder(Apache5HttpClient.builder().connectionTimeout(config.connectTimeout())
                .expectContinueEnabled(false));
        return builder.build();
    }

    /** A client for checking what the server holds, bypassing the adapter. */
    static synchronized S3Client admin() {
        if (admin == null) {
            admin = client(config().build());
        }
        return admin;
    }

    static String newBucketName(String purpose) {
        return purpose + "-" + ProcessHandle.current().pid() + "-" + BUCKETS.incrementAndGet();
    }

    static String createBucket(String purpose) {
        String bucket = newBucketName(purpose);
        admin().createBucket(b -> b.bucket(bucket));
        return bucket;
    }

    static String createLockedBucket(String purpose) {
        String bucket = newBucketName(purpose);
        admin().createBucket(b -> b.bucket(bucket).objectLockEnabledForBucket(true));
        return bucket;
    }
}
