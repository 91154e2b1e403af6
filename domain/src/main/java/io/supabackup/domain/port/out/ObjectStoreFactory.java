package io.supabackup.domain.port.out;

import java.net.URI;
import java.util.Set;

/**
 * Opens an {@link ObjectStore} for a repository URI of the schemes it serves ({@code file}, {@code s3},
 * {@code gs}, ...). Adapters register one per scheme; the wiring picks by the URI's scheme.
 */
public interface ObjectStoreFactory {
    Set<String> schemes();

    ObjectStore open(URI repository);
}
