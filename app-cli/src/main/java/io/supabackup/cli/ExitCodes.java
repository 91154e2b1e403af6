package io.supabackup.cli;

import io.supabackup.domain.error.FailureKind;

/** The exit codes scripts can rely on; documented in README.md. */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int UNEXPECTED = 1;
    public static final int USAGE = 2;
    public static final int PARTIAL = 3;
    public static final int REFUSED = 4;
    public static final int TOOL = 5;
    public static final int DATABASE = 6;
    public static final int NOT_FOUND = 10;
    public static final int LOCKED = 11;
    public static final int WRONG_KEY = 12;
    public static final int INTERRUPTED = 130;

    private ExitCodes() {
    }

    public static int of(FailureKind kind) {
        return switch (kind) {
            case UNEXPECTED -> UNEXPECTED;
            case USAGE -> USAGE;
            case PARTIAL -> PARTIAL;
            case REFUSED -> REFUSED;
            case TOOL -> TOOL;
            case DATABASE -> DATABASE;
            case NOT_FOUND -> NOT_FOUND;
            case LOCKED -> LOCKED;
            case WRONG_KEY -> WRONG_KEY;
            case INTERRUPTED -> INTERRUPTED;
        };
    }
}
