package io.supabackup.testkit.supabase;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Switchable failures, applied before a request reaches Storage or Auth (so an injected error changes no
 * state, like a gateway or network fault), except {@link #truncateBodies} which cuts the real answer short.
 * {@code faults()} covers every path; {@link #forPath(String)} narrows a rule to requests whose decoded path
 * starts with a prefix, e.g. {@code faults().forPath("/storage/v1/object/authenticated/").failNext(2, 503)}.
 * Rules are checked in the order they were added; the first that fires decides. Random rules draw from their
 * own seeded generator, so a run with the same request order fails the same requests. Thread-safe.
 */
public final class Faults {
    private static final long DEFAULT_SEED = 20240229L;

    private final Shared shared;
    private final String prefix;

    Faults() {
        this(new Shared(), "/");
    }

    private Faults(Shared shared, String prefix) {
        this.shared = shared;
        this.prefix = prefix;
    }

    /** The same switches, applied only to requests whose decoded path starts with {@code pathPrefix}. */
    public Faults forPath(String pathPrefix) {
        return new Faults(shared, pathPrefix);
    }

    /** The next {@code n} matching requests are answered with {@code status} (a JSON body in the service's shape). */
    public Faults failNext(int n, int status) {
        return add(new Rule(prefix, FaultKind.FAILED, n, 1.0, null, status, null));
    }

    /** About {@code ratio} of matching requests fail with 500 or 503 (chosen at random), reproducibly by seed. */
    public Faults failRandomly(double ratio, long seed) {
        return add(new Rule(prefix, FaultKind.FAILED, -1, ratio, new Random(seed), 0, null));
    }

    /** Every matching request fails with {@code status} until {@link #clear()}: a permanent outage of a path. */
    public Faults failAlways(int status) {
        return add(new Rule(prefix, FaultKind.FAILED, -1, 1.0, null, status, null));
    }

    /** The next {@code n} matching requests get 429 with {@code Retry-After: 1}. */
    public Faults rateLimit(int n) {
        return add(new Rule(prefix, FaultKind.RATE_LIMITED, n, 1.0, null, 429, null));
    }

    /** About {@code ratio} of matching requests have their connection closed without an answer. */
    public Faults dropConnections(double ratio) {
        return dropConnections(ratio, DEFAULT_SEED);
    }

    public Faults dropConnections(double ratio, long seed) {
        return add(new Rule(prefix, FaultKind.DROPPED, -1, ratio, new Random(seed), 0, null));
    }

    /** About {@code ratio} of matching answers announce their full Content-Length but stop half way. */
    public Faults truncateBodies(double ratio) {
        return truncateBodies(ratio, DEFAULT_SEED);
    }

    public Faults truncateBodies(double ratio, long seed) {
        return add(new Rule(prefix, FaultKind.TRUNCATED, -1, ratio, new Random(seed), 0, null));
    }

    /** Every matching request waits this long before it is served. */
    public Faults slowResponses(Duration delay) {
        return add(new Rule(prefix, FaultKind.DELAYED, -1, 1.0, null, 0, delay));
    }

    /** Removes every rule, for every path. */
    public void clear() {
        synchronized (shared) {
            shared.rules.clear();
        }
    }

    private Faults add(Rule rule) {
        if (rule.ratio < 0 || rule.ratio > 1) {
            throw new IllegalArgumentException("ratio must be within 0..1: " + rule.ratio);
        }
        synchronized (shared) {
            shared.rules.add(rule);
        }
        return this;
    }

    /** What to do with one request: a delay, then at most one of fail / rate-limit / drop / truncate. */
    record Decision(Duration delay, FaultKind kind, int status) {
        static final Decision NONE = new Decision(Duration.ZERO, null, 0);
    }

    Decision decide(String path) {
        synchronized (shared) {
            Duration delay = Duration.ZERO;
            for (Rule rule : shared.rules) {
                if (rule.kind == FaultKind.DELAYED && path.startsWith(rule.prefix)) {
                    delay = delay.plus(rule.delay);
                }
            }
            for (Rule rule : shared.rules) {
                if (rule.kind == FaultKind.DELAYED || !path.startsWith(rule.prefix) || rule.remaining == 0) {
                    continue;
                }
                if (rule.random != null && rule.random.nextDouble() >= rule.ratio) {
                    continue;
                }
                if (rule.remaining > 0) {
                    rule.remaining--;
                }
                int status = rule.status;
                if (rule.kind == FaultKind.FAILED && status == 0) {
                    status = rule.random.nextBoolean() ? 500 : 503;
                }
                return new Decision(delay, rule.kind, status);
            }
            return delay.isZero() ? Decision.NONE : new Decision(delay, null, 0);
        }
    }

    private static final class Shared {
        final List<Rule> rules = new ArrayList<>();
    }

    private static final class Rule {
        final String prefix;
        final FaultKind kind;
        int remaining;
        final double ratio;
        final Random random;
        final int status;
        final Duration delay;

        Rule(String prefix, FaultKind kind, int remaining, double ratio, Random random, int status, Duration delay) {
            this.prefix = prefix;
            this.kind = kind;
            this.remaining = remaining;
            this.ratio = ratio;
            this.random = random;
            this.status = status;
            this.delay = delay;
        }
    }
}
