package io.supabackup.adapters.storage.s3;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * Counts the UploadPart calls under way at once, and how many were when an abort went out. It can make every part
 * slow, like a slow link, and make the first part wait a while for a second to start.
 */
final class PartsInFlightMeter implements ExecutionInterceptor {
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger most = new AtomicInteger();
    private final AtomicBoolean waitedForCompany = new AtomicBoolean();
    final List<Integer> inFlightAtAbort = new CopyOnWriteArrayList<>();
    private volatile Duration hold = Duration.ZERO;
    private volatile boolean interruptible;
    private volatile Duration waitForCompany = Duration.ZERO;

    /** Every part waits {@code duration} before it is sent; an interrupt ends the wait (and the call) or not. */
    PartsInFlightMeter slowParts(Duration duration, boolean endedByInterrupt) {
        hold = duration;
        interruptible = endedByInterrupt;
        return this;
    }

    /** The first part waits up to {@code duration} for a second one to start before it is sent. */
    PartsInFlightMeter firstPartWaitsForASecond(Duration duration) {
        waitForCompany = duration;
        return this;
    }

    int inFlight() {
        return inFlight.get();
    }

    int most() {
        return most.get();
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (context.request() instanceof UploadPartRequest) {
            most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        } else if (context.request() instanceof AbortMultipartUploadRequest) {
            inFlightAtAbort.add(inFlight.get());
        }
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        if (!(context.request() instanceof UploadPartRequest)) {
            return;
        }
        if (!waitForCompany.isZero() && waitedForCompany.compareAndSet(false, true)) {
            long deadline = System.nanoTime() + waitForCompany.toNanos();
            while (most.get() < 2 && System.nanoTime() < deadline) {
                pause(Duration.ofMillis(5), true);
            }
        }
        if (!hold.isZero()) {
            pause(hold, interruptible);
        }
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (context.request() instanceof UploadPartRequest) {
            inFlight.decrementAndGet();
        }
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        if (context.request() instanceof UploadPartRequest) {
            inFlight.decrementAndGet();
        }
    }

    private static void pause(Duration duration, boolean endedByInterrupt) {
        long deadline = System.nanoTime() + duration.toNanos();
        boolean interrupted = false;
        try {
            for (long left = duration.toNanos(); left > 0; left = deadline - System.nanoTime()) {
                try {
                    TimeUnit.NANOSECONDS.sleep(left);
                } catch (InterruptedException e) {
                    interrupted = true;
                    if (endedByInterrupt) {
                        throw AbortedException.builder().message("interrupted while sending a part").cause(e).build();
                    }
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
