package io.supabackup.adapters.storage.gcs;

import io.supabackup.domain.port.out.ObjectKeys;
import io.supabackup.domain.port.out.ObjectStore;
import io.supabackup.domain.port.out.ObjectStoreFactory;
import java.net.URI;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Opens {@code gs://bucket/prefix} repositories. One client serves every store the factory opens: it is
 * thread-safe, and building it resolves credentials, which may mean a round trip to a metadata server.
 */
final class GcsObjectStoreFactory implements ObjectStoreFactory {
    static final String SCHEME = "gs";

    // GCS's naming rules, short of the ones that only the server can judge (dots need a verified domain).
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]");

    private final GcsConfig config;
    private GcsClients.Client client;

    GcsObjectStoreFactory(GcsConfig config) {
        this.config = config;
    }

    @Override
    public Set<String> schemes() {
        return Set.of(SCHEME);
    }

    @Override
    public ObjectStore open(URI repository) {
        Location where = parse(repository);
        GcsClients.Client opened = client();
        return new GcsObjectStore(opened.storage(), where.bucket(), where.prefix(), config,
                opened.credentialsSource());
    }

    private synchronized GcsClients.Client client() {
        if (client == null) {
            client = GcsClients.create(config);
        }
        return client;
    }

    /** A bucket and a prefix inside it, without leading or trailing {@code /}. */
    record Location(String bucket, String prefix) {
    }

    static Location parse(URI repository) {
        if (repository.getScheme() == null || !repository.getScheme().equalsIgnoreCase(SCHEME)) {
            throw new IllegalArgumentException("not a gs:// repository URI: " + repository);
        }
        if (repository.isOpaque() || repository.getRawAuthority() == null) {
            throw new IllegalArgumentException(
                    "a gs: repository URI names a bucket, like gs://my-bucket/backups: " + repository);
        }
        if (repository.getRawUserInfo() != null || repository.getPort() != -1 || repository.getRawQuery() != null
                || repository.getRawFragment() != null) {
            throw new IllegalArgumentException(
                    "a gs: repository URI is gs://bucket/prefix, without user, port, query or fragment: "
                            + redacted(repository));
        }
        // getHost() is null for names with '_', which GCS allows, so the authority is the bucket.
        String bucket = repository.getAuthority();
        if (!BUCKET.matcher(bucket).matches() || bucket.contains("..") || bucket.startsWith("goog")) {
            throw new IllegalArgumentException("'" + bucket + "' is not a valid GCS bucket name (3 to 63 lowercase "
                    + "letters, digits, '-', '_' or '.', starting and ending with a letter or digit): " + repository);
        }
        String path = repository.getPath() == null ? "" : repository.getPath();
        String prefix = path.startsWith("/") ? path.substring(1) : path;
        if (prefix.endsWith("/")) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        if (!prefix.isEmpty()) {
            try {
                ObjectKeys.requireValid(prefix);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unusable prefix in gs: repository URI " + repository + ": "
                        + e.getMessage(), e);
            }
        }
        return new Location(bucket, prefix);
    }

    private static String redacted(URI uri) {
        return uri.getRawUserInfo() == null ? uri.toString() : uri.toString().replace(uri.getRawUserInfo() + "@", "***@");
    }
}
