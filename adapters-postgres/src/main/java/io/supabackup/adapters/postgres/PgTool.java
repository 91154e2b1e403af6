package io.supabackup.adapters.postgres;

/** The PostgreSQL client programs this adapter runs. */
enum PgTool {
    PG_DUMP("pg_dump"),
    PG_DUMPALL("pg_dumpall"),
    PSQL("psql"),
    PG_RESTORE("pg_restore");

    private final String command;

    PgTool(String command) {
        this.command = command;
    }

    String command() {
        return command;
    }
}
