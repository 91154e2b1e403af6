package io.supabackup.domain.port.out;

import java.time.Duration;

/**
 * Hears about the steps of long work, to show progress. Implementations must be cheap and thread-safe:
 * {@link #advanced} is called from several worker threads at once, once per buffer or per file, so it must
 * not block or take a lock. Every method has a no-op default so that a listener hears only what it needs.
 */
public interface ProgressListener {
    /** The value of a total that is not known (yet). */
    long UNKNOWN = -1;

    ProgressListener NONE = new ProgressListener() {
    };

    default void stepStarted(String step) {
    }

    /**
     * How much work the running step has in all, once it knows: bytes and items (files), each
     * {@link #UNKNOWN} when it cannot tell. May come late (after a listing) and more than once.
     */
    default void expect(String step, long totalBytes, long totalItems) {
    }

    /** The running step moved {@code bytes} more bytes and finished {@code items} more items (files). */
    default void advanced(String step, long bytes, long items) {
    }

    default void stepFinished(String step, long bytes, Duration took) {
    }

    /** The step stopped with a failure, which its caller reports; no {@link #stepFinished} follows. */
    default void stepFailed(String step, Duration took) {
    }

    default void warning(String message) {
    }
}
