package io.supabackup.adapters.postgres;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The Supabase platform's schemas, tables and roles, as the Supabase CLI's dump rules name them. */
final class PlatformSchemas {
    private PlatformSchemas() {
    }

    /** Left out of the schema dump; {@code *} is a wildcard, as in pg_dump patterns. */
    static final List<String> SCHEMA_EXCLUDED = List.of(
            "information_schema", "pg_*", "_analytics", "_realtime", "_supavisor", "auth", "etl", "extensions",
            "pgbouncer", "realtime", "storage", "supabase_functions", "supabase_migrations", "cron", "dbdev",
            "graphql", "graphql_public", "net", "pgmq", "pgsodium", "pgsodium_masks", "pgtle", "repack", "tiger",
            "tiger_data", "timescaledb_*", "_timescaledb_*", "topology", "vault");

    /** Their data is how users, storage metadata, cron jobs and queues move to a new project. */
    static final Set<String> DATA_KEPT = Set.of("auth", "storage", "cron", "net", "pgmq", "supabase_functions");

    static final List<String> DATA_EXCLUDED = SCHEMA_EXCLUDED.stream()
            .filter(schema -> !DATA_KEPT.contains(schema))
            .toList();

    /** Platform bookkeeping the target project already has; copying it would break migrations there. */
    static final List<String> DATA_EXCLUDED_TABLES = List.of(
            "auth.schema_migrations", "storage.migrations", "supabase_functions.migrations",
            "storage.buckets_vectors", "storage.vector_indexes");

    /** Roles the platform creates and manages; {@code *} is a wildcard. */
    static final List<String> RESERVED_ROLES = List.of(
            "anon", "authenticated", "authenticator", "cli_login_*", "dashboard_user", "pgbouncer", "postgres",
            "service_role", "supabase_*", "pgsodium_keyholder", "pgsodium_keyiduser", "pgsodium_keymaker",
            "pgtle_admin");

    /** Settings supautils lets the postgres role change on reserved roles, so the CLI keeps them. */
    static final List<String> ALLOWED_ROLE_CONFIGS = List.of(
            "pgaudit.*", "pgrst.*", "session_replication_role", "statement_timeout", "track_io_timing");

    /** A regular expression alternation matching any of the names, {@code *} standing for any run of characters. */
    static String alternation(List<String> globs) {
        return globs.stream()
                .map(glob -> Pattern.quote(glob).replace("*", "\\E.*\\Q"))
                .collect(Collectors.joining("|", "(?:", ")"));
    }

    /** A POSIX regular expression for PostgreSQL's {@code ~} operator matching a whole schema name. */
    static String postgresRegex(List<String> globs) {
        return globs.stream()
                .map(glob -> glob.replace("*", ".*"))
                .collect(Collectors.joining("|", "^(", ")$"));
    }

    static boolean isReservedRole(String role) {
        return Pattern.matches(alternation(RESERVED_ROLES), role);
    }
}
