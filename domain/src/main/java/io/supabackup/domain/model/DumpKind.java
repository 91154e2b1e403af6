package io.supabackup.domain.model;

/** The database dumps a backup is made of. */
public enum DumpKind {
    ROLES(EntryKind.DATABASE_ROLES, "db/roles.sql"),
    SCHEMA(EntryKind.DATABASE_SCHEMA, "db/schema.sql"),
    DATA(EntryKind.DATABASE_DATA, "db/data.sql"),
    PLATFORM(EntryKind.DATABASE_PLATFORM, "db/platform.sql"),
    FULL(EntryKind.DATABASE_FULL, "db/full.dump"),
    /**
     * The definitions of the platform schemas whose data {@link #DATA} carries ({@code auth}, {@code storage},
     * ...), for restoring into a plain PostgreSQL that lacks them (a restore drill). Never part of a
     * {@link DumpMode}: a Supabase project has these schemas already, so the caller asks for it separately.
     */
    PLATFORM_SCHEMA(EntryKind.DATABASE_PLATFORM_SCHEMA, "db/platform-schema.sql");

    private final EntryKind entryKind;
    private final String path;

    DumpKind(EntryKind entryKind, String path) {
        this.entryKind = entryKind;
        this.path = path;
    }

    public EntryKind entryKind() {
        return entryKind;
    }

    /** Where the dump lives inside a backup. */
    public String path() {
        return path;
    }
}
