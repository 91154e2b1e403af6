package io.supabackup.domain.error;

/** What went wrong, coarse enough for a script to act on; the CLI maps each kind to an exit code. */
public enum FailureKind {
    /** A bug or a condition nobody foresaw. */
    UNEXPECTED,
    /** The user asked for something that cannot be: bad option, bad value, bad connection string. */
    USAGE,
    /** The work was done in part, or a check found a difference or corruption. */
    PARTIAL,
    /** The operation was refused to protect data (non-empty target, declined confirmation). */
    REFUSED,
    /** A required external tool (pg_dump, psql, ...) is missing or unsuitable. */
    TOOL,
    /** The database could not be reached or refused the credentials. */
    DATABASE,
    /** The repository or the backup asked for does not exist. */
    NOT_FOUND,
    /** The repository is locked by another process. */
    LOCKED,
    /** A key or passphrase was wrong. */
    WRONG_KEY,
    /** The user interrupted the work. */
    INTERRUPTED
}
