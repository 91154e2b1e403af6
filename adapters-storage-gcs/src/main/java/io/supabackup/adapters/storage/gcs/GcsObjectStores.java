package io.supabackup.adapters.storage.gcs;

import com.google.cloud.NoCredentials;
import com.google.cloud.storage.Storage;
import io.supabackup.domain.port.out.ObjectKeys;
import io.supabackup.domain.port.out.ObjectStore;
import java.net.URI;
import java.util.Objects;

/** Opens a bucket as an {@link ObjectStore} without going through the wiring (tests, tools). */
public final class GcsObjectStores {
    private GcsObjectStores() {
    }

    /**
     * The store for {@code gs://bucket/prefix} through an already built client, e.g. Google's in-memory
     * {@code LocalStorageHelper}. {@code config} supplies the upload settings; its credentials and
     * endpoint are the client's business and are ignored here.
     */
    public static ObjectStore open(Storage storage, String bucket, String prefix, GcsConfig config) {
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(config, "config");
        String normalised = prefix == null ? "" : prefix;
        ObjectKeys.requireValidPrefix(normalised);
        if (normalised.endsWith("/")) {
            normalised = normalised.substring(0, normalised.length() - 1);
        }
        GcsObjectStoreFactory.Location where =
                GcsObjectStoreFactory.parse(URI.create("gs://" + Objects.requireNonNull(bucket, "bucket") + "/"));
        String source = storage.getOptions().getCredentials() instanceof NoCredentials
                ? GcsClients.NO_CREDENTIALS : "the credentials of the given Storage client";
        return new GcsObjectStore(storage, where.bucket(), normalised, config, source);
    }

    /** The store for a {@code gs://bucket/prefix} URI, with a client built from {@code config}. */
    public static ObjectStore open(URI repository, GcsConfig config) {
        return new GcsObjectStoreFactory(config).open(repository);
    }
}
