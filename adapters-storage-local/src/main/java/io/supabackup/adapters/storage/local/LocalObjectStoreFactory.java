package io.supabackup.adapters.storage.local;

import io.supabackup.domain.port.out.ObjectStore;
import io.supabackup.domain.port.out.ObjectStoreFactory;
import java.net.URI;
import java.nio.file.Path;
import java.util.Set;

/**
 * Opens {@code file:} repositories. Only absolute file URIs ({@code file:///srv/backups},
 * {@code file:/srv/backups}) are accepted: the CLI turns a plain or relative path into one, so a
 * relative {@code file:backups} here would resolve against whatever directory the process runs in.
 */
final class LocalObjectStoreFactory implements ObjectStoreFactory {
    static final String SCHEME = "file";

    LocalObjectStoreFactory() {
    }

    @Override
    public Set<String> schemes() {
        return Set.of(SCHEME);
    }

    @Override
    public ObjectStore open(URI repository) {
        if (repository.getScheme() == null || !repository.getScheme().equalsIgnoreCase(SCHEME)) {
            throw new IllegalArgumentException("not a file: repository URI: " + repository);
        }
        if (repository.isOpaque()) {
            throw new IllegalArgumentException(
                    "a file: repository URI must hold an absolute path, like file:///srv/backups: " + repository);
        }
        Path root;
        try {
            root = Path.of(repository);
        } catch (IllegalArgumentException e) {
            // Path.of names the offence (a host, a query, a fragment); keep its reason, add the URI.
            throw new IllegalArgumentException(
                    "unusable file: repository URI " + repository + ": " + e.getMessage(), e);
        }
        return new LocalObjectStore(root);
    }
}
