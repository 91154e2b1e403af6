package io.supabackup.testkit.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.supabackup.domain.model.DatabaseEndpoint;
import io.supabackup.testkit.PostgresServer;
import java.math.BigDecimal;
import java.security.MessageDigest;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SupabaseFixtureTest {
    private static DatabaseEndpoint first;
    private static DatabaseEndpoint second;

    @BeforeAll
    static void loadTwoProjectsOnTheSameServer() {
        first = SupabaseFixture.newLoadedProject(PostgresServer.shared());
        second = SupabaseFixture.newLoadedProject(PostgresServer.shared());
    }

    @AfterAll
    static void dropProjects() {
        for (DatabaseEndpoint project : new DatabaseEndpoint[] {first, second}) {
            if (project != null) {
                PostgresServer.shared().dropDatabase(project);
            }
        }
    }

    @Test
    void secondProjectOnTheSameServerLoadsTheSameData() throws SQLException {
        for (DatabaseEndpoint project : List.of(first, second)) {
            assertThat(count(project, "auth.users")).isEqualTo(SupabaseFixture.AUTH_USER_COUNT);
            assertThat(count(project, "public.profiles")).isEqualTo(SupabaseFixture.AUTH_USER_COUNT);
            assertThat(count(project, "app.customers")).isEqualTo(300);
            assertThat(count(project, "app.orders")).isEqualTo(1500);
            assertThat(count(project, "storage.buckets")).isEqualTo(3);
            assertThat(count(project, "storage.objects")).isEqualTo(10);
        }
        assertThat(first.database()).isNotEqualTo(second.database());
    }

    @Test
    void reservedRolesAndTheCustomRoleExist() throws SQLException {
        List<String> expected = new ArrayList<>(SupabaseFixture.RESERVED_ROLES);
        expected.add(SupabaseFixture.CUSTOM_ROLE);
        assertThat(strings(first, "SELECT rolname FROM pg_roles")).containsAll(expected);
    }

    @Test
    void platformObjectsBelongToThePlatformRoles() throws SQLException {
        assertThat(strings(first, """
                SELECT c.relnamespace::regnamespace || '.' || c.relname || '=' || c.relowner::regrole
                FROM pg_class c WHERE c.oid IN ('auth.users'::regclass, 'auth.identities'::regclass,
                    'storage.objects'::regclass, 'storage.buckets'::regclass) ORDER BY 1"""))
                .containsExactly("auth.identities=supabase_auth_admin", "auth.users=supabase_auth_admin",
                        "storage.buckets=supabase_storage_admin", "storage.objects=supabase_storage_admin");
        assertThat(strings(first, "SELECT nspowner::regrole::text FROM pg_namespace WHERE nspname IN ('auth', 'storage')"))
                .containsOnly("supabase_admin");
        assertThat(strings(first, "SELECT extname || '@' || extnamespace::regnamespace FROM pg_extension ORDER BY 1"))
                .contains("pgcrypto@extensions", "uuid-ossp@extensions", "citext@extensions", "pg_trgm@extensions");
        assertThat(strings(first, "SELECT pubname FROM pg_publication")).containsExactly("supabase_realtime");
    }

    @Test
    void generatedColumnsCompute() throws SQLException {
        assertThat(strings(first, """
                SELECT email || ' ' || coalesce(to_char(confirmed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD'), 'null')
                FROM auth.users WHERE email IS NOT NULL ORDER BY email"""))
                .containsExactly(
                        "alice@example.com 2024-02-01", // email only
                        "bob@example.com 2024-03-02",   // phone confirmed before email: LEAST
                        "carol@example.com 2024-04-01", // phone only
                        "dave@example.com null",        // invited, never confirmed
                        "erin@example.com 2024-01-15");
        assertThat(strings(first, "SELECT email FROM auth.identities WHERE provider = 'email' AND user_id = '"
                + SupabaseFixture.ALICE_ID + "'")).containsExactly("alice@example.com");
        assertThat(strings(first, "SELECT path_tokens::text FROM storage.objects WHERE name = 'alice/reports/2024/q1.pdf'"))
                .containsExactly("{alice,reports,2024,q1.pdf}");
        try (Connection c = PostgresServer.connect(first); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT quantity, unit_price, total FROM app.orders WHERE id = 1234")) {
            rs.next();
            BigDecimal expected = rs.getBigDecimal(2).multiply(BigDecimal.valueOf(rs.getInt(1)));
            assertThat(rs.getBigDecimal(3)).isEqualByComparingTo(expected);
            assertThat(rs.getBigDecimal(2).scale()).isEqualTo(10);
        }
    }

    @Test
    void knownPasswordsVerifyAgainstTheirBcryptHashes() throws SQLException {
        for (SupabaseFixture.KnownLogin login : SupabaseFixture.knownLogins()) {
            assertThat(DatabaseSnapshot.passwordMatches(first, login.email(), login.password()))
                    .as(login.email()).isTrue();
            assertThat(DatabaseSnapshot.passwordMatches(first, login.email(), login.password() + "x"))
                    .as(login.email() + " with a wrong password").isFalse();
        }
        assertThat(DatabaseSnapshot.passwordMatches(first, "dave@example.com", "")).isFalse();
        assertThat(DatabaseSnapshot.passwordMatches(first, "nobody@example.com", "x")).isFalse();
        assertThat(strings(first, "SELECT encrypted_password FROM auth.users WHERE encrypted_password IS NOT NULL"))
                .hasSize(4)
                .allSatisfy(hash -> assertThat(hash).startsWith("$2a$10$").hasSize(60));
    }

    @Test
    void storageMetadataDescribesTheFixtureFileContent() throws Exception {
        try (Connection c = PostgresServer.connect(first); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT bucket_id, name, metadata->>'eTag', (metadata->>'size')::int FROM storage.objects")) {
            int seen = 0;
            while (rs.next()) {
                byte[] content = SupabaseFixture.objectContent(rs.getString(1), rs.getString(2));
                String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
                assertThat(rs.getString(3)).isEqualTo("\"" + md5 + "\"");
                assertThat(rs.getInt(4)).isEqualTo(content.length);
                seen++;
            }
            assertThat(seen).isEqualTo(10);
        }
    }

    @Test
    void userDataHasTheAwkwardValues() throws SQLException {
        assertThat(strings(first, "SELECT bio FROM public.profiles WHERE username = 'alice'").get(0))
                .contains("\n", "\t", "\"", "'", "\\", "日本語", "😀");
        try (Connection c = PostgresServer.connect(first); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT receipt FROM app.orders WHERE id = 8")) {
            rs.next();
            assertThat(rs.getBytes(1)).startsWith(0, (byte) 0xff, 0).endsWith(0, 0, 0);
        }
        assertThat(strings(first, "SELECT count(*)::text FROM app.customers WHERE notes IS NULL")).containsExactly("100");
        assertThat(strings(first, "SELECT sum(order_count)::text FROM app.customers")).containsExactly("1500");
        assertThat(strings(first, "SELECT count(*)::text FROM app.customers WHERE favourite_order_id IS NOT NULL"))
                .containsExactly("150");
    }

    @Test
    void roleScriptsSurviveConcurrentRuns() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                runs.add(pool.submit(() -> SqlScripts.runClusterWide(first, "user-roles.sql", null)));
                runs.add(pool.submit(() -> SqlScripts.runClusterWide(second, "platform-roles.sql", null)));
            }
            for (Future<?> run : runs) {
                run.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static long count(DatabaseEndpoint db, String table) throws SQLException {
        return Long.parseLong(strings(db, "SELECT count(*) FROM " + table).get(0));
    }

    static List<String> strings(DatabaseEndpoint db, String sql) throws SQLException {
        try (Connection c = PostgresServer.connect(db); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                Object value = rs.getObject(1);
                out.add(value instanceof Array array ? array.toString() : rs.getString(1));
            }
            return out;
        }
    }
}
