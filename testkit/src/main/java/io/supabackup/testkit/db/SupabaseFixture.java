package io.supabackup.testkit.db;

import io.supabackup.domain.model.DatabaseEndpoint;
import io.supabackup.testkit.PostgresServer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * A database shaped like a hosted Supabase project, on a real PostgreSQL server.
 *
 * <p>{@link #newProject(PostgresServer)} gives what the platform installs before the user does
 * anything (reserved roles, platform schemas, GoTrue's {@code auth} tables, Storage's tables, the
 * {@code supabase_realtime} publication); {@link #loadUserData(DatabaseEndpoint)} adds what a user
 * builds on it, including auth users with bcrypt hashes and storage rows. Both are deterministic:
 * two projects loaded the same way produce equal {@link DatabaseSnapshot}s.
 *
 * <p>Traps the user data sets for a backup tool:
 * <ul>
 *   <li>{@code app.orders} has an AFTER INSERT trigger that increments {@code app.customers.order_count};
 *       loading data with triggers enabled doubles the counts.</li>
 *   <li>{@code auth.users} has the user's {@code on_auth_user_created} trigger, which inserts into
 *       {@code public.profiles}; replaying users with triggers enabled collides with restored profiles.
 *       The trigger lives on a platform table, so a dump of the user schemas alone loses it.</li>
 *   <li>Generated columns: {@code auth.users.confirmed_at}, {@code auth.identities.email},
 *       {@code storage.objects.path_tokens}, {@code app.orders.total}.</li>
 *   <li>Identity columns ({@code GENERATED ALWAYS} on {@code app.orders.id}), a foreign-key cycle
 *       between {@code app.customers} and {@code app.orders}, FKs from {@code public} into {@code auth.users}.</li>
 *   <li>User policies on {@code storage.objects} and a user table in the {@code supabase_realtime} publication.</li>
 *   <li>Platform objects owned by {@code supabase_auth_admin} / {@code supabase_storage_admin} / {@code supabase_admin}
 *       and superuser-only event triggers.</li>
 * </ul>
 */
public final class SupabaseFixture {
    /** The schemas holding what the user created ({@code public} exists in every database; the fixture fills it). */
    public static final List<String> USER_SCHEMAS = List.of("app", "public");

    /** Platform schemas whose data a backup carries. */
    public static final List<String> PLATFORM_DATA_SCHEMAS = List.of("auth", "storage");

    /** Platform bookkeeping tables a data dump always leaves out: the target project has its own. */
    public static final List<String> EXCLUDED_PLATFORM_TABLES =
            List.of("auth.schema_migrations", "storage.migrations", "supabase_functions.migrations");

    /** The reserved cluster roles {@link #newProject} makes sure exist. */
    public static final List<String> RESERVED_ROLES = List.of("anon", "authenticated", "service_role",
            "authenticator", "dashboard_user", "pgbouncer", "supabase_admin", "supabase_auth_admin",
            "supabase_storage_admin", "supabase_functions_admin", "supabase_replication_admin",
            "supabase_read_only_user", "supabase_realtime_admin", "pgsodium_keyholder", "pgsodium_keyiduser",
            "pgsodium_keymaker", "pgtle_admin");

    /** The cluster role the user created; {@code SELECT} on every table of {@code app}. */
    public static final String CUSTOM_ROLE = "report_reader";

    public static final UUID ALICE_ID = UUID.fromString("a11ce000-0000-4000-8000-000000000001");
    public static final String ALICE_EMAIL = "alice@example.com";
    public static final String ALICE_PASSWORD = "alice-Secret-1";

    public static final UUID BOB_ID = UUID.fromString("b0b00000-0000-4000-8000-000000000002");
    public static final String BOB_EMAIL = "bob@example.com";
    /** Quotes, a backslash and a non-ASCII character, as users do pick them. */
    public static final String BOB_PASSWORD = "b0b's \"pass\" \\ \u2713";

    public static final UUID CAROL_ID = UUID.fromString("ca201000-0000-4000-8000-000000000003");
    public static final String CAROL_EMAIL = "carol@example.com";
    public static final String CAROL_PASSWORD = "carol phone pass";

    /** A soft-deleted user ({@code deleted_at} set) who still has a hash. */
    public static final UUID ERIN_ID = UUID.fromString("e2100000-0000-4000-8000-000000000006");
    public static final String ERIN_EMAIL = "erin@example.com";
    public static final String ERIN_PASSWORD = "erin-gone";

    /** Number of rows {@link #loadUserData} puts in {@code auth.users}. */
    public static final int AUTH_USER_COUNT = 6;

    /** A user whose password is known, for proving logins survive a restore. */
    public record KnownLogin(UUID userId, String email, String password) {
    }

    // Any constant will do; it only has to be the same in every JVM sharing the server.
    private static final long ROLE_SETUP_LOCK = 0x5375706162616b75L;

    private SupabaseFixture() {
    }

    /** Users with a bcrypt hash of a known password. */
    public static List<KnownLogin> knownLogins() {
        return List.of(new KnownLogin(ALICE_ID, ALICE_EMAIL, ALICE_PASSWORD),
                new KnownLogin(BOB_ID, BOB_EMAIL, BOB_PASSWORD),
                new KnownLogin(CAROL_ID, CAROL_EMAIL, CAROL_PASSWORD),
                new KnownLogin(ERIN_ID, ERIN_EMAIL, ERIN_PASSWORD));
    }

    /** The platform tables holding project data a backup must carry ({@code schema.table}). */
    public static List<String> platformDataTables() {
        return List.of("auth.users", "auth.identities", "auth.sessions", "auth.refresh_tokens",
                "auth.mfa_factors", "auth.mfa_amr_claims", "auth.audit_log_entries",
                "storage.buckets", "storage.objects");
    }

    /**
     * The bytes of a fixture Storage file: the {@code eTag} (quoted md5) and {@code size} in
     * {@code storage.objects.metadata} describe exactly these, so a fake Storage server can serve them.
     */
    public static byte[] objectContent(String bucketId, String name) {
        return ("fixture:" + bucketId + "/" + name).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Creates a fresh database on {@code server} and installs the platform as a new hosted project
     * has it. The reserved roles are created only where missing: they are cluster-wide and shared
     * with every other project on the server.
     */
    public static DatabaseEndpoint newProject(PostgresServer server) {
        SqlScripts.runClusterWide(server.admin(), "platform-roles.sql", ROLE_SETUP_LOCK);
        DatabaseEndpoint project = server.createDatabase("supabase_project");
        SqlScripts.run(project, "platform.sql");
        return project;
    }

    /** Adds the user's schemas, roles and data (including auth users and storage rows) to a project. */
    public static void loadUserData(DatabaseEndpoint project) {
        SqlScripts.runClusterWide(project, "user-roles.sql", null);
        SqlScripts.run(project, "user-data.sql");
    }

    /** {@link #newProject} followed by {@link #loadUserData}. */
    public static DatabaseEndpoint newLoadedProject(PostgresServer server) {
        DatabaseEndpoint project = newProject(server);
        loadUserData(project);
        return project;
    }
}
