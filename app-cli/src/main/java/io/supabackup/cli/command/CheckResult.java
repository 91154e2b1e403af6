package io.supabackup.cli.command;

import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import java.util.Objects;

/**
 * The outcome of one {@code doctor} check: passed, failed (with the kind of failure, which picks the exit
 * code) or skipped (nothing to check, or a warning that is not a failure).
 *
 * @param check  the check's name, e.g. {@code database}
 * @param status what came of it
 * @param detail what was found, or the problem
 * @param hint   the fix for a failure or what to do about a skipped check; {@code null} when there is none
 * @param kind   the kind of failure; {@code null} unless failed
 */
record CheckResult(String check, Status status, String detail, String hint, FailureKind kind) {
    enum Status { PASSED, FAILED, SKIPPED }

    CheckResult {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
        if ((status == Status.FAILED) != (kind != null)) {
            throw new IllegalArgumentException("a failure, and only a failure, has a kind");
        }
    }

    static CheckResult passed(String check, String detail) {
        return new CheckResult(check, Status.PASSED, detail, null, null);
    }

    static CheckResult skipped(String check, String detail, String hint) {
        return new CheckResult(check, Status.SKIPPED, detail, hint, null);
    }

    static CheckResult failed(String check, FailureKind kind, String detail, String hint) {
        return new CheckResult(check, Status.FAILED, detail, hint, kind);
    }

    static CheckResult failed(String check, SupabackupException e) {
        return failed(check, e.kind(), e.getMessage(), e.hint());
    }

    boolean failed() {
        return status == Status.FAILED;
    }

    /** The same result with every registered secret taken out of its text. */
    CheckResult redacted(java.util.function.UnaryOperator<String> redact) {
        return new CheckResult(check, status, redact.apply(detail), hint == null ? null : redact.apply(hint), kind);
    }
}
