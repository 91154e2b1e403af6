package io.supabackup.adapters.storage.s3;

import io.supabackup.domain.port.out.ObjectKeys;
import io.supabackup.domain.port.out.ObjectStore;
import io.supabackup.domain.port.out.ObjectStoreFactory;
import java.net.URI;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Opens {@code s3://bucket/prefix} repositories. One SDK client, built on first use, serves every store
 * the factory opens: it holds the connection pool, and building it resolves credentials and region. One
 * {@link PartPool} too, so that the part buffers of all uploads through the client stay within one budget.
 */
final class S3ObjectStoreFactory implements ObjectStoreFactory {
    static final String SCHEME = "s3";

    private final S3Config config;
    private final Supplier<S3Client> clientSupplier;
    private S3Client client;
    private PartPool parts;

    S3ObjectStoreFactory(S3Config config) {
        this(config, () -> S3Clients.build(config));
    }

    S3ObjectStoreFactory(S3Config config, Supplier<S3Client> clientSupplier) {
        this.config = Objects.requireNonNull(config, "config");
        this.clientSupplier = Objects.requireNonNull(clientSupplier, "clientSupplier");
    }

    @Override
    public Set<String> schemes() {
        return Set.of(SCHEME);
    }

    @Override
    public ObjectStore open(URI repository) {
        Target target = parse(repository);
        return new S3ObjectStore(client(), target.bucket(), target.prefix(), config, parts());
    }

    private synchronized PartPool parts() {
        if (parts == null) {
            parts = new PartPool(config);
        }
        return parts;
    }

    private synchronized S3Client client() {
        if (client == null) {
            client = clientSupplier.get();
        }
        return client;
    }

    record Target(String bucket, String prefix) {
    }

    /** Splits {@code s3://bucket/some/prefix} into the bucket and {@code some/prefix/}. */
    static Target parse(URI repository) {
        if (repository.getScheme() == null || !repository.getScheme().equalsIgnoreCase(SCHEME)) {
            throw new IllegalArgumentException("not an s3: repository URI: " + repository);
        }
        if (repository.isOpaque() || repository.getRawAuthority() == null) {
            throw new IllegalArgumentException("an s3: repository URI names a bucket, like s3://bucket/prefix: "
                    + repository);
        }
        if (repository.getRawUserInfo() != null || repository.getPort() != -1) {
            // Never echo the URI here: user info may be a secret someone pasted into it.
            throw new IllegalArgumentException("an s3: repository URI holds only a bucket and a prefix, like "
                    + "s3://bucket/prefix; credentials and endpoints are separate settings");
        }
        if (repository.getRawQuery() != null || repository.getRawFragment() != null) {
            throw new IllegalArgumentException("an s3: repository URI takes no query or fragment: " + repository);
        }
        String bucket = repository.getAuthority();
        String path = repository.getPath() == null ? "" : repository.getPath();
        String prefix = path.startsWith("/") ? path.substring(1) : path;
        while (prefix.endsWith("/")) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        try {
            S3ObjectStore.requireBucket(bucket);
            if (!prefix.isEmpty()) {
                ObjectKeys.requireValid(prefix);
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unusable s3: repository URI " + repository + ": " + e.getMessage(), e);
        }
        return new Target(bucket, prefix.isEmpty() ? "" : prefix + "/");
    }
}
