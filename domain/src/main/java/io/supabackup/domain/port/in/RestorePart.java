package io.supabackup.domain.port.in;

/** What a restore brings back. */
public enum RestorePart {
    /** Roles, schema and data, which include {@code auth.users} and {@code storage.objects} rows. */
    DATABASE,
    /** The Auth users, through the Auth admin API; only needed when the database is not restored too. */
    AUTH,
    /** The Storage buckets and the files behind {@code storage.objects}, through the Storage API. */
    STORAGE
}
