package io.supabackup.domain.model;

import java.util.List;

/** How the database is dumped. */
public enum DumpMode {
    /** As the Supabase CLI does: roles, schema and data as plain SQL, platform schemas handled. */
    SUPABASE(List.of(DumpKind.ROLES, DumpKind.SCHEMA, DumpKind.DATA, DumpKind.PLATFORM)),
    /** For a plain PostgreSQL: roles plus one complete custom-format archive restored with pg_restore. */
    FULL(List.of(DumpKind.ROLES, DumpKind.FULL));

    private final List<DumpKind> dumps;

    DumpMode(List<DumpKind> dumps) {
        this.dumps = dumps;
    }

    /** The dumps in the order they are taken and restored. */
    public List<DumpKind> dumps() {
        return dumps;
    }

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
