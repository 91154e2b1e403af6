package io.supabackup.domain.error;

import java.util.Objects;

/**
 * A failure the user can understand and act on: a one-line message naming the problem, and a hint
 * naming the fix. Messages never carry secrets; callers build them from redacted values only.
 */
public class SupabackupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final FailureKind kind;
    private final String hint;

    public SupabackupException(FailureKind kind, String message, String hint, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.hint = hint;
    }

    public SupabackupException(FailureKind kind, String message, String hint) {
        this(kind, message, hint, null);
    }

    public SupabackupException(FailureKind kind, String message) {
        this(kind, message, null, null);
    }

    public FailureKind kind() {
        return kind;
    }

    /** How to fix the problem, or {@code null} when there is nothing useful to add. */
    public String hint() {
        return hint;
    }
}
