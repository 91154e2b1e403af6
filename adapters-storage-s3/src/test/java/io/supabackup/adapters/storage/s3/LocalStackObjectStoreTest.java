package io.supabackup.adapters.storage.s3;

import io.supabackup.domain.port.out.ObjectStore;
import io.supabackup.testkit.objectstore.ObjectStoreContract;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.services.s3.S3Client;

/** The shared contract against LocalStack's S3, where a Docker engine runs; skipped cleanly elsewhere. */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackObjectStoreTest extends ObjectStoreContract {
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    @Container
    static final LocalStackContainer LOCALSTACK = new LocalStackContainer(
            DockerImageName.parse("localstack/localstack:4.4")).withServices(LocalStackContainer.Service.S3);

    private static S3Config config;
    private static S3Client client;
    private static S3ObjectStoreFactory factory;

    @BeforeAll
    static void connect() {
        config = S3Config.builder()
                .endpoint(LOCALSTACK.getEndpoint())
                .pathStyle(true)
                .region(LOCALSTACK.getRegion())
                .credentials(LOCALSTACK.getAccessKey(), LOCALSTACK.getSecretKey(), null)
                .partSize(S3Config.MIN_PART_SIZE)
                .build();
        client = S3ObjectStores.client(config);
        factory = new S3ObjectStoreFactory(config, () -> client);
    }

    @AfterAll
    static void close() {
        if (client != null) {
            client.close();
        }
    }

    @Override
    protected ObjectStore newStore() {
        String bucket = "contract-" + BUCKETS.incrementAndGet();
        client.createBucket(b -> b.bucket(bucket));
        return factory.open(URI.create("s3://" + bucket + "/repo"));
    }

    @Override
    protected ObjectStore newMissingStore() {
        return factory.open(URI.create("s3://missing-" + BUCKETS.incrementAndGet() + "/repo"));
    }

    @Override
    protected long largeObjectSize() {
        return 32L * S3Config.MIB + 1;
    }
}
