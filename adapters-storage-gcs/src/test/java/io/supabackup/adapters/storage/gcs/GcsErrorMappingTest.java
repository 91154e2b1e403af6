package io.supabackup.adapters.storage.gcs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.gax.retrying.RetrySettings;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import io.supabackup.domain.port.out.ObjectNotFoundException;
import io.supabackup.domain.port.out.ObjectStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How failures reach the user, through the real client against a loopback server that answers as GCS
 * does for a missing bucket and for refused credentials.
 */
class GcsErrorMappingTest {
    private static final String TOKEN = "ya29.not-to-be-shown-token";
    private static final String KEY_ID = "0123456789abcdefkeyid";

    @TempDir
    Path tmp;

    private HttpServer server;
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private volatile int storageStatus;
    private volatile String storageBody;
    private volatile int tokenStatus = 200;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/token", exchange -> {
            exchange.getRequestBody().readAllBytes();
            respond(exchange, tokenStatus, tokenStatus == 200
                    ? "{\"access_token\":\"" + TOKEN + "\",\"expires_in\":3600,\"token_type\":\"Bearer\"}"
                    : "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid JWT Signature.\"}");
        });
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization != null) {
                authorizations.add(authorization);
            }
            respond(exchange, storageStatus, storageBody);
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void missingBucketFailsWithNotFoundNamingTheBucket() throws Exception {
        answer(404, "The specified bucket does not exist.", "notFound");
        ObjectStore store = GcsObjectStores.open(URI.create("gs://no-such-bucket/backups"), anonymous());

        assertThat(store.exists()).isFalse();
        assertThat(store.location()).isEqualTo("gs://no-such-bucket/backups");
        assertThatThrownBy(() -> store.save("a/b", new ByteArrayInputStream(new byte[] {1})))
                .isInstanceOfSatisfying(SupabackupException.class, e -> {
                    assertThat(e.kind()).isEqualTo(FailureKind.NOT_FOUND);
                    assertThat(e.getMessage()).isEqualTo(
                            "GCS bucket 'no-such-bucket' of the repository gs://no-such-bucket/backups does not exist");
                    assertThat(e.hint()).contains("gcloud storage buckets create gs://no-such-bucket");
                });
        assertThatThrownBy(() -> store.list("", info -> { }))
                .isInstanceOfSatisfying(SupabackupException.class,
                        e -> assertThat(e.kind()).isEqualTo(FailureKind.NOT_FOUND));
        assertThatThrownBy(() -> store.load("a/b"))
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(ObjectNotFoundException.class)
                .hasMessageContaining("GCS bucket 'no-such-bucket'");
        assertThat(store.stat("a/b")).isEmpty();
        assertThatCode(() -> store.delete("a/b")).doesNotThrowAnyException();
    }

    @Test
    void largeSaveIntoAMissingBucketFailsWithNotFoundBeforeReadingMore() throws Exception {
        answer(404, "The specified bucket does not exist.", "notFound");
        ObjectStore store = GcsObjectStores.open(URI.create("gs://no-such-bucket"),
                anonymous().withChunkSize(GcsConfig.CHUNK_QUANTUM));

        assertThatThrownBy(() -> store.save("big", new FailingStream(10L * GcsConfig.CHUNK_QUANTUM)))
                .isInstanceOfSatisfying(SupabackupException.class,
                        e -> assertThat(e.kind()).isEqualTo(FailureKind.NOT_FOUND));
    }

    @Test
    void refusedServiceAccountNamesTheFileAndNeverItsSecrets() throws Exception {
        answer(403, "backup@test-project.iam.gserviceaccount.com does not have storage.objects.create access "
                + "to the Google Cloud Storage object.", "forbidden");
        Path keyFile = serviceAccountFile();
        GcsConfig config = GcsConfig.defaults().withCredentialsFile(keyFile).withEndpoint(endpoint());
        ObjectStore store = GcsObjectStores.open(URI.create("gs://some-bucket/p"), config);

        assertThatThrownBy(() -> store.save("k", new ByteArrayInputStream(new byte[] {1})))
                .isInstanceOfSatisfying(SupabackupException.class, e -> {
                    assertThat(e.kind()).isEqualTo(FailureKind.USAGE);
                    assertThat(e.getMessage())
                            .startsWith("Google Cloud Storage refused the credentials file " + keyFile.toAbsolutePath()
                                    + " for gs://some-bucket/p (HTTP 403)")
                            .contains("does not have storage.objects.create access");
                    assertNoSecrets(e, keyFile);
                });
        assertThat(authorizations).as("the key's token was sent").contains("Bearer " + TOKEN);
        assertThatThrownBy(store::exists).isInstanceOfSatisfying(SupabackupException.class,
                e -> assertNoSecrets(e, keyFile));
    }

    @Test
    void keyRefusedByTheTokenEndpointNamesTheFile() throws Exception {
        tokenStatus = 400;
        answer(200, "unused", "none");
        Path keyFile = serviceAccountFile();
        ObjectStore store = GcsObjectStores.open(URI.create("gs://some-bucket"),
                GcsConfig.defaults().withCredentialsFile(keyFile).withEndpoint(endpoint()));

        assertThatThrownBy(() -> store.stat("k")).isInstanceOfSatisfying(SupabackupException.class, e -> {
            assertThat(e.kind()).isEqualTo(FailureKind.USAGE);
            assertThat(e.getMessage()).startsWith(
                    "Google Cloud Storage refused the credentials file " + keyFile.toAbsolutePath());
            assertNoSecrets(e, keyFile);
        });
    }

    @Test
    void unreachableTokenEndpointIsATransientIoFailure() throws Exception {
        answer(200, "unused", "none");
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        Path keyFile = serviceAccountFile(URI.create("http://127.0.0.1:" + closedPort + "/token"));
        GcsConfig config = GcsConfig.defaults().withCredentialsFile(keyFile).withEndpoint(endpoint());
        RetrySettings once = GcsClients.retrySettings().toBuilder().setMaxAttempts(1).build();
        ObjectStore store = new GcsObjectStore(GcsClients.create(config, once).storage(), "some-bucket", "",
                config, GcsClients.describe(keyFile));

        assertThatThrownBy(() -> store.stat("k")).isInstanceOf(IOException.class)
                .hasMessageContaining("gs://some-bucket");
    }

    @Test
    void refusedAnonymousAccessSaysSo() {
        answer(401, "Anonymous caller does not have storage.objects.list access.", "required");
        ObjectStore store = GcsObjectStores.open(URI.create("gs://some-bucket"), anonymous());

        assertThatThrownBy(() -> store.list("", info -> { })).isInstanceOfSatisfying(SupabackupException.class,
                e -> assertThat(e.getMessage()).startsWith("Google Cloud Storage refused no credentials "
                        + "(anonymous access) for gs://some-bucket (HTTP 401)"));
    }

    @Test
    void objectUnderRetentionIsAnIoFailureNotACredentialsOne() {
        answer(403, "Object 'p/k' is subject to an active Retention Policy and cannot be deleted, overwritten "
                + "or archived until 2030-01-01T00:00:00Z", "retentionPolicyNotMet");
        ObjectStore store = GcsObjectStores.open(URI.create("gs://some-bucket/p"), anonymous());

        assertThatThrownBy(() -> store.delete("k")).isInstanceOf(IOException.class)
                .hasMessageContaining("under a retention period or hold");
    }

    @Test
    void otherServerFailuresAreIoExceptions() {
        answer(400, "Invalid argument.", "invalid");
        ObjectStore store = GcsObjectStores.open(URI.create("gs://some-bucket/p"), anonymous());

        assertThatThrownBy(() -> store.stat("k")).isInstanceOf(IOException.class)
                .hasMessageContaining("gs://some-bucket/p").hasMessageContaining("Invalid argument");
    }

    @Test
    void missingCredentialsFileIsAUsageError() {
        Path missing = tmp.resolve("nowhere.json");

        assertThatThrownBy(() -> GcsObjectStores.open(URI.create("gs://some-bucket"),
                GcsConfig.defaults().withCredentialsFile(missing).withEndpoint(endpoint())))
                .isInstanceOfSatisfying(SupabackupException.class, e -> {
                    assertThat(e.kind()).isEqualTo(FailureKind.USAGE);
                    assertThat(e.getMessage()).contains(missing.toAbsolutePath().toString()).contains("does not exist");
                });
    }

    @Test
    void unreadableCredentialsFileNeverQuotesIt() throws Exception {
        Path garbage = Files.writeString(tmp.resolve("not-a-key.json"), "{\"type\":\"service_account\","
                + "\"private_key\":\"SECRET-MATERIAL\"");

        assertThatThrownBy(() -> GcsObjectStores.open(URI.create("gs://some-bucket"),
                GcsConfig.defaults().withCredentialsFile(garbage).withEndpoint(endpoint())))
                .isInstanceOfSatisfying(SupabackupException.class, e -> {
                    assertThat(e.kind()).isEqualTo(FailureKind.USAGE);
                    assertThat(e.getMessage()).contains(garbage.toAbsolutePath().toString())
                            .doesNotContain("SECRET-MATERIAL");
                    assertThat(e.getCause()).isNull();
                });
    }

    private void assertNoSecrets(Throwable e, Path keyFile) {
        String key;
        try {
            key = Files.readString(keyFile);
        } catch (IOException io) {
            throw new AssertionError(io);
        }
        String pemBody = key.substring(key.indexOf("BEGIN PRIVATE KEY-----") + 22, key.indexOf("BEGIN PRIVATE KEY-----") + 80);
        for (Throwable t = e; t != null; t = t.getCause()) {
            String text = String.valueOf(t.getMessage()) + " " + (t instanceof SupabackupException s ? s.hint() : "");
            assertThat(text).doesNotContain(TOKEN).doesNotContain(KEY_ID).doesNotContain(pemBody)
                    .doesNotContain("PRIVATE KEY");
        }
    }

    private void answer(int status, String message, String reason) {
        storageStatus = status;
        storageBody = "{\"error\":{\"code\":" + status + ",\"message\":\"" + message + "\",\"errors\":[{\"message\":\""
                + message + "\",\"domain\":\"global\",\"reason\":\"" + reason + "\"}]}}";
    }

    private GcsConfig anonymous() {
        return GcsConfig.defaults().withAnonymous(true).withProjectId("test-project").withEndpoint(endpoint());
    }

    private URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private Path serviceAccountFile() throws Exception {
        return serviceAccountFile(URI.create(endpoint() + "/token"));
    }

    private Path serviceAccountFile(URI tokenUri) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        // JSON-escaped line breaks, as in the key files Google hands out.
        String base64 = Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(generator.generateKeyPair().getPrivate().getEncoded());
        String pem = "-----BEGIN PRIVATE KEY-----\\n" + base64.replace("\n", "\\n") + "\\n-----END PRIVATE KEY-----\\n";
        String json = "{\"type\":\"service_account\",\"project_id\":\"test-project\",\"private_key_id\":\"" + KEY_ID
                + "\",\"private_key\":\"" + pem + "\",\"client_email\":\"backup@test-project.iam.gserviceaccount.com\","
                + "\"client_id\":\"1\",\"token_uri\":\"" + tokenUri + "\"}";
        return Files.writeString(tmp.resolve("service-account.json"), json);
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
