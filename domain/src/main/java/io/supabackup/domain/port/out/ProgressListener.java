package io.supabackup.domain.port.out;

import java.time.Duration;

/** Hears about the steps of long work, to show progress. Implementations must be cheap and thread-safe. */
public interface ProgressListener {
    ProgressListener NONE = new ProgressListener() {
    };

    default void stepStarted(String step) {
    }

    default void stepFinished(String step, long bytes, Duration took) {
    }

    default void warning(String message) {
    }
}
