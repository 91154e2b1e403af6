package io.supabackup.adapters.storage.gcs;

import com.google.cloud.storage.BucketInfo;
import com.google.cloud.storage.Storage;
import io.supabackup.domain.port.out.ObjectStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;

/**
 * The contract against fake-gcs-server, through the client this adapter builds from its settings (endpoint
 * override, anonymous access). Unlike Google's in-memory fake it has buckets and keeps unfinished uploads
 * out of sight, so the missing-store case and the new-key half of the abandoned-upload case run here.
 * Skipped where no Docker engine runs.
 */
@Testcontainers(disabledWithoutDocker = true)
class GcsObjectStoreFakeServerTest extends GcsObjectStoreContractBase {
    private static final int PORT = 4443;
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    @Container
    static final GenericContainer<?> SERVER = new GenericContainer<>(DockerImageName.parse("fsouza/fake-gcs-server:1.52.2"))
            .withCommand("-scheme", "http", "-port", String.valueOf(PORT), "-backend", "memory")
            .withExposedPorts(PORT)
            .waitingFor(Wait.forHttp("/storage/v1/b").forPort(PORT).forStatusCode(200));

    private static GcsConfig config;
    private static Storage storage;

    private String bucket;

    @BeforeAll
    static void connect() throws Exception {
        URI endpoint = URI.create("http://" + SERVER.getHost() + ":" + SERVER.getMappedPort(PORT));
        // Resumable uploads continue at the URL the server hands out, which must be the mapped port.
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder()
                        .uri(endpoint.resolve("/_internal/config"))
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"externalUrl\":\"" + endpoint + "\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() / 100 != 2) {
            throw new IllegalStateException("fake-gcs-server refused its external URL: " + answer.statusCode());
        }
        config = GcsConfig.defaults().withAnonymous(true).withProjectId("test-project").withEndpoint(endpoint)
                .withChunkSize(8 * GcsConfig.CHUNK_QUANTUM);
        storage = GcsClients.create(config).storage();
    }

    @Override
    protected Storage storage() {
        return storage;
    }

    @Override
    protected String bucket() {
        if (bucket == null) {
            bucket = "contract-" + BUCKETS.incrementAndGet();
            storage.create(BucketInfo.of(bucket));
        }
        return bucket;
    }

    @Override
    protected GcsConfig config() {
        return config;
    }

    @Override
    protected boolean hidesUnfinishedUploads() {
        return true;
    }

    @Override
    protected ObjectStore newStore() {
        return GcsObjectStores.open(URI.create("gs://" + bucket() + "/" + PREFIX), config);
    }

    @Override
    protected ObjectStore newMissingStore() {
        return GcsObjectStores.open(URI.create("gs://never-created-" + BUCKETS.incrementAndGet() + "/x"), config);
    }
}
