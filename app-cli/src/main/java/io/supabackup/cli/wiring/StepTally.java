package io.supabackup.cli.wiring;

import io.supabackup.domain.port.out.ProgressListener;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters of one running step. Worker threads add to them at once without a lock (a {@link LongAdder}
 * spreads contended additions over cells); the ticker reads a snapshot now and then.
 */
final class StepTally {
    private final String step;
    private final Instant started;
    private final LongAdder bytes = new LongAdder();
    private final LongAdder items = new LongAdder();
    private volatile long totalBytes = ProgressListener.UNKNOWN;
    private volatile long totalItems = ProgressListener.UNKNOWN;

    StepTally(String step, Instant started) {
        this.step = step;
        this.started = started;
    }

    String step() {
        return step;
    }

    void advance(long moreBytes, long moreItems) {
        if (moreBytes != 0) {
            bytes.add(moreBytes);
        }
        if (moreItems != 0) {
            items.add(moreItems);
        }
    }

    void expect(long bytesInAll, long itemsInAll) {
        totalBytes = bytesInAll;
        totalItems = itemsInAll;
    }

    StepSnapshot at(Instant now) {
        Duration elapsed = Duration.between(started, now);
        return new StepSnapshot(step, bytes.sum(), items.sum(), totalBytes, totalItems,
                elapsed.isNegative() ? Duration.ZERO : elapsed);
    }
}
