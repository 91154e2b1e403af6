package io.supabackup.testkit.s3;

import com.adobe.testing.s3mock.S3MockApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A real S3 API (Adobe S3Mock: multipart uploads, listing, ranged downloads) inside the test JVM on a
 * loopback port, started once and stopped with the JVM. Buckets are created at start, by name.
 */
public final class InProcessS3 {
    /** Buckets every test may use; S3Mock creates them when it starts. */
    public static final List<String> BUCKETS = List.of("backups", "other-backups");
    public static final String ACCESS_KEY_ID = "test-access-key";
    public static final String SECRET_ACCESS_KEY = "test-secret-key";
    public static final String REGION = "us-east-1";

    private static S3MockApplication server;

    private InProcessS3() {
    }

    /** The endpoint, e.g. {@code http://127.0.0.1:PORT}; path-style addressing is needed. */
    public static synchronized URI endpoint() {
        if (server == null) {
            Path root;
            try {
                root = Files.createTempDirectory("s3mock");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            // Spring Boot must leave logging to the tests' SLF4J provider.
            System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
            // S3Mock removes the entries it consumes, so the map must be mutable.
            server = S3MockApplication.start(new HashMap<>(Map.of(
                    S3MockApplication.PROP_HTTP_PORT, S3MockApplication.RANDOM_PORT,
                    S3MockApplication.PROP_HTTPS_PORT, S3MockApplication.RANDOM_PORT,
                    "server.address", "127.0.0.1",
                    S3MockApplication.PROP_ROOT_DIRECTORY, root.toString(),
                    S3MockApplication.PROP_INITIAL_BUCKETS, String.join(",", BUCKETS),
                    "com.adobe.testing.s3mock.store.retainFilesOnExit", false,
                    S3MockApplication.PROP_SILENT, true)));
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        }
        return URI.create("http://127.0.0.1:" + server.getHttpPort());
    }
}
