package io.supabackup.domain.model;

import java.util.Locale;

/** What a file of a backup holds. The wire name is the lower-case name with dashes. */
public enum EntryKind {
    /** {@code pg_dumpall --roles-only} output, reserved roles left out. */
    DATABASE_ROLES,
    /** {@code pg_dump --schema-only} of the user schemas, plain SQL. */
    DATABASE_SCHEMA,
    /** {@code pg_dump --data-only} of user and kept platform schemas, plain SQL. */
    DATABASE_DATA,
    /** A complete {@code pg_dump -Fc} archive of a plain PostgreSQL database. */
    DATABASE_FULL,
    /**
     * The user's objects on platform tables that the schema dump cannot carry: policies and triggers on
     * {@code auth}, {@code storage} and {@code realtime} tables, as SQL.
     */
    DATABASE_PLATFORM,
    /**
     * Row counts and order-independent content hashes of every table of the data dump, as JSON Lines,
     * recorded while the dump streamed by: what a restore drill and {@code compare} check against.
     */
    DATABASE_STATS,
    /**
     * {@code pg_dump --schema-only} of the platform schemas whose data {@link #DATABASE_DATA} carries, for a
     * restore into a plain PostgreSQL (drills); never replayed into a Supabase project.
     */
    DATABASE_PLATFORM_SCHEMA,
    /** One table's rows as JSON Lines. */
    TABLE_JSON,
    /** The values of the user schemas' sequences as JSON Lines, for a restore from the JSON export. */
    SEQUENCES_JSON,
    /** Storage: the index of buckets and objects. */
    STORAGE_INDEX,
    /** Storage: one content-addressed file. */
    STORAGE_BLOB,
    /** Auth users as JSON Lines. */
    AUTH_USERS;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static EntryKind fromWireName(String wire) {
        for (EntryKind kind : values()) {
            if (kind.wireName().equals(wire)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown entry kind: " + wire);
    }
}
