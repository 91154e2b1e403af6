package io.supabackup.cli.wiring;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * How far a step got at one moment: bytes and items (files) so far, the totals when known (negative when
 * not), and the time since it started. Derives what the console shows: share done, rate, time left.
 */
record StepSnapshot(String step, long bytes, long items, long totalBytes, long totalItems, Duration elapsed) {

    /** The share of the work done, from bytes when their total is known, else from items; clamped to 1. */
    OptionalDouble fraction() {
        double done;
        if (totalBytes > 0) {
            done = (double) bytes / totalBytes;
        } else if (totalItems > 0) {
            done = (double) items / totalItems;
        } else if (totalBytes == 0 || totalItems == 0) {
            done = 1;
        } else {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(Math.min(1, Math.max(0, done)));
    }

    /** Bytes per second since the step started; empty before there is anything to divide. */
    OptionalDouble bytesPerSecond() {
        long millis = elapsed.toMillis();
        if (bytes <= 0 || millis <= 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(bytes * 1000.0 / millis);
    }

    /** The time left at the pace so far; empty when the share done is unknown, nil or complete. */
    Optional<Duration> remaining() {
        OptionalDouble done = fraction();
        if (done.isEmpty() || done.getAsDouble() <= 0 || done.getAsDouble() >= 1 || elapsed.isZero()) {
            return Optional.empty();
        }
        double f = done.getAsDouble();
        return Optional.of(Duration.ofMillis(Math.round(elapsed.toMillis() * (1 - f) / f)));
    }
}
