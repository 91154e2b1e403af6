package io.supabackup.testkit.db;

import static io.supabackup.testkit.db.SupabaseFixtureTest.strings;
import static org.assertj.core.api.Assertions.assertThat;

import io.supabackup.domain.model.DatabaseEndpoint;
import io.supabackup.testkit.PostgresServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DatabaseSnapshotTest {
    /** Copies app.orders aside, empties it without firing anything, and loads it back. */
    private static final String REPLAY_ORDERS = """
            CREATE TEMP TABLE replay AS SELECT * FROM app.orders;
            SET session_replication_role = replica;
            DELETE FROM app.orders;
            SET session_replication_role = %s;
            INSERT INTO app.orders (id, customer_id, status, quantity, unit_price, placed_at, valid_during,
                                    attrs, lucky_numbers, receipt)
            OVERRIDING SYSTEM VALUE
            SELECT id, customer_id, status, quantity, unit_price, placed_at, valid_during, attrs, lucky_numbers, receipt
            FROM replay;
            """;

    private static DatabaseEndpoint reference;
    private static DatabaseSnapshot referenceUserSchemas;
    private static DatabaseSnapshot referencePlatformData;
    private final List<DatabaseEndpoint> scratch = new ArrayList<>();

    @BeforeAll
    static void captureAReferenceProject() {
        reference = SupabaseFixture.newLoadedProject(PostgresServer.shared());
        referenceUserSchemas = DatabaseSnapshot.capture(reference, SupabaseFixture.USER_SCHEMAS);
        referencePlatformData = DatabaseSnapshot.captureTables(reference, SupabaseFixture.platformDataTables());
    }

    @AfterAll
    static void dropReference() {
        if (reference != null) {
            PostgresServer.shared().dropDatabase(reference);
        }
    }

    @AfterEach
    void dropScratchProjects() {
        scratch.forEach(PostgresServer.shared()::dropDatabase);
    }

    private DatabaseEndpoint freshProject() {
        DatabaseEndpoint project = SupabaseFixture.newLoadedProject(PostgresServer.shared());
        scratch.add(project);
        return project;
    }

    @Test
    void twoFreshlyLoadedProjectsHaveNoDifferences() {
        DatabaseEndpoint other = freshProject();

        DatabaseSnapshot userSchemas = DatabaseSnapshot.capture(other, SupabaseFixture.USER_SCHEMAS);
        assertThat(userSchemas.differencesFrom(referenceUserSchemas)).isEmpty();
        assertThat(DatabaseSnapshot.captureTables(other, SupabaseFixture.platformDataTables())
                .differencesFrom(referencePlatformData)).isEmpty();
        assertThat(DatabaseSnapshot.capture(other, SupabaseFixture.PLATFORM_DATA_SCHEMAS)
                .differencesFrom(DatabaseSnapshot.capture(reference, SupabaseFixture.PLATFORM_DATA_SCHEMAS))).isEmpty();

        // the snapshot really looked at everything
        assertThat(userSchemas.tables()).containsKeys("app.customers", "app.orders", "app.events",
                "public.profiles", "public.notes");
        assertThat(userSchemas.tables().get("app.orders").rows()).isEqualTo(1500);
        assertThat(userSchemas.sequences()).containsEntry("app.ticket_seq", "last_value=5000 is_called=false")
                .containsEntry("app.countdown_seq", "last_value=94 is_called=true")
                .containsEntry("app.orders_id_seq", "last_value=1500 is_called=true");
        assertThat(userSchemas.policies()).hasSize(4);
        assertThat(userSchemas.publicationTables()).containsExactly("publication supabase_realtime has public.notes");
        assertThat(userSchemas.schemaDdl()).contains("CREATE TABLE app.customers (")
                .noneMatch(line -> line.startsWith("--") || line.startsWith("SET ") || line.isBlank());
        assertThat(referencePlatformData.sequences()).containsEntry("auth.refresh_tokens_id_seq",
                "last_value=3 is_called=true");
    }

    @Test
    void changingOneRowReportsExactlyThatTable() {
        DatabaseEndpoint other = freshProject();
        PostgresServer.execute(other, "UPDATE app.events SET ratio = ratio + 1e-9 WHERE id = 401");

        assertThat(DatabaseSnapshot.capture(other, SupabaseFixture.USER_SCHEMAS).differencesFrom(referenceUserSchemas))
                .containsExactly("table app.events: same row count (800) but different content");
    }

    @Test
    void changedAuthUserIsReported() {
        DatabaseEndpoint other = freshProject();
        PostgresServer.execute(other, "UPDATE auth.users SET encrypted_password = extensions.crypt('reset', "
                + "extensions.gen_salt('bf')) WHERE email = 'bob@example.com'");

        assertThat(DatabaseSnapshot.captureTables(other, SupabaseFixture.platformDataTables())
                .differencesFrom(referencePlatformData))
                .containsExactly("table auth.users: same row count (6) but different content");
        assertThat(DatabaseSnapshot.passwordMatches(other, SupabaseFixture.BOB_EMAIL, SupabaseFixture.BOB_PASSWORD))
                .isFalse();
    }

    @Test
    void replayingOrdersWithTriggersEnabledDoublesTheCounts() throws Exception {
        DatabaseEndpoint other = freshProject();
        PostgresServer.execute(other, REPLAY_ORDERS.formatted("origin"));

        assertThat(strings(other, "SELECT sum(order_count)::text FROM app.customers")).containsExactly("3000");
        assertThat(DatabaseSnapshot.capture(other, SupabaseFixture.USER_SCHEMAS).differencesFrom(referenceUserSchemas))
                .containsExactly("table app.customers: same row count (300) but different content");
    }

    @Test
    void replayingOrdersAsAReplicaLeavesTheCountsAlone() throws Exception {
        DatabaseEndpoint other = freshProject();
        PostgresServer.execute(other, REPLAY_ORDERS.formatted("replica"));

        assertThat(strings(other, "SELECT sum(order_count)::text FROM app.customers")).containsExactly("1500");
        assertThat(DatabaseSnapshot.capture(other, SupabaseFixture.USER_SCHEMAS).differencesFrom(referenceUserSchemas))
                .isEmpty();
    }

    @Test
    void sequencePolicyAndSchemaChangesAreReported() {
        DatabaseEndpoint other = freshProject();
        PostgresServer.execute(other, """
                SELECT setval('app.invoice_number_seq', 1000, false);
                DROP POLICY "Users update their own profile" ON public.profiles;
                ALTER TABLE app.events ADD COLUMN extra text;
                """);

        List<String> differences = DatabaseSnapshot.capture(other, SupabaseFixture.USER_SCHEMAS)
                .differencesFrom(referenceUserSchemas);

        assertThat(differences).anyMatch(d -> d.startsWith("sequence app.invoice_number_seq: last_value=1000 is_called=false"))
                .anyMatch(d -> d.startsWith("policy only in " + reference.database()) && d.contains("Users update their own profile"))
                .anyMatch(d -> d.startsWith("schema DDL only in " + reference.database()) && d.contains("CREATE POLICY"))
                .anyMatch(d -> d.startsWith("schema DDL only in " + other.database()) && d.contains("extra text"))
                .anyMatch(d -> d.startsWith("table app.events: same row count (800) but different content"));
    }

    @Test
    void normalisingADumpDropsWhatDiffersBetweenRuns() {
        String dump = """
                --
                -- PostgreSQL database dump
                --
                \\restrict a8f0c2Zq9
                SET statement_timeout = 0;
                SET transaction_timeout = 0;
                SELECT pg_catalog.set_config('search_path', '', false);

                CREATE TABLE app.t (
                    id integer
                );
                \\unrestrict a8f0c2Zq9
                """;
        assertThat(PgDumpSchema.normalise(dump)).containsExactly("CREATE TABLE app.t (", "    id integer", ");");
    }
}
