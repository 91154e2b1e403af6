package io.supabackup.domain.port.out;

import java.io.IOException;
import java.io.InputStream;

/** Takes a stream and reads it to its end, e.g. into the repository. */
@FunctionalInterface
public interface StreamConsumer {
    void accept(InputStream in) throws IOException;
}
