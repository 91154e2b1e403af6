package io.supabackup.testkit.supabase;

/** What, if anything, the fault injector did to a request; recorded in the {@link RequestLog}. */
public enum FaultKind {
    /** Answered with an injected error status (from {@code failNext}, {@code failRandomly} or {@code failAlways}). */
    FAILED,
    /** Answered 429 with {@code Retry-After: 1}. */
    RATE_LIMITED,
    /** Socket closed without any answer. */
    DROPPED,
    /** Full Content-Length announced, body cut half way. */
    TRUNCATED,
    /** Served normally, after an injected delay. */
    DELAYED
}
