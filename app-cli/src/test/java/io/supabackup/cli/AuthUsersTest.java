package io.supabackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.supabackup.domain.model.DatabaseEndpoint;
import io.supabackup.testkit.PostgresServer;
import io.supabackup.testkit.db.SupabaseFixture;
import io.supabackup.testkit.supabase.AuthUser;
import io.supabackup.testkit.supabase.FakeSupabase;
import io.supabackup.testkit.supabase.UserSpec;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Auth users through the Auth admin API: exported beside the database, and restored with
 * {@code --only auth} into a project whose database is not restored, with the password hashes the
 * database dump carries (the API never returns them), so nobody has to reset a password.
 */
class AuthUsersTest {
    @TempDir
    Path work;


    @Test
    void usersRoundTripThroughTheApiWithTheirPasswordHashes() throws Exception {
        DatabaseEndpoint project = SupabaseFixture.newLoadedProject(PostgresServer.shared());
        Map<String, String> hashes = new HashMap<>();
        try (FakeSupabase source = FakeSupabase.start(); FakeSupabase target = FakeSupabase.start()) {
            // the source project's API knows the same users as its database
            try (Connection c = PostgresServer.connect(project);
                 ResultSet rs = c.createStatement().executeQuery(
                         "SELECT id::text, email, encrypted_password FROM auth.users WHERE email IS NOT NULL")) {
                while (rs.next()) {
                    source.auth().addUser(UserSpec.withEmail(rs.getString(2)).id(rs.getString(1))
                            .userMetadata("{\"plan\":\"pro\"}"));
                    if (rs.getString(3) != null) {
                        hashes.put(rs.getString(1), rs.getString(3));
                    }
                }
            }
            CliRunner cli = new CliRunner(work).env("SUPABASE_URL", source.url())
                    .env("SUPABASE_SERVICE_ROLE_KEY", source.serviceRoleKey());
            CliRunner.Result backup = cli.run("backup", "--db-url", CliRunner.url(project), "--repo", "repo", "--json");
            assertThat(backup.exitCode()).as(backup.toString()).isZero();
            assertThat(backup.out() + backup.err()).doesNotContain(source.serviceRoleKey());
            CliRunner.Result show = cli.run("show", "--repo", "repo", "--json");
            assertThat(show.out()).contains("\"auth/users.jsonl\"").contains("\"auth-users\"");

            CliRunner.Result restore = new CliRunner(work).env("SUPABASE_URL", target.url())
                    .env("SUPABASE_SERVICE_ROLE_KEY", target.secretKey())
                    .run("restore", "--repo", "repo", "--only", "auth", "--yes");
            assertThat(restore.exitCode()).as(restore.toString()).isZero();
            assertThat(restore.out()).contains(source.auth().users().size() + " created")
                    .contains((source.auth().users().size() - hashes.size()) + " without a password");

            assertThat(target.auth().users()).extracting(AuthUser::id)
                    .containsExactlyInAnyOrderElementsOf(source.auth().users().stream().map(AuthUser::id).toList());
            for (AuthUser user : target.auth().users()) {
                if (hashes.containsKey(user.id())) {
                    assertThat(target.auth().passwordHash(user.id())).as(user.email()).isEqualTo(hashes.get(user.id()));
                }
                assertThat(user.userMetadata().get("plan").asText()).isEqualTo("pro");
            }
            assertThat(hashes).isNotEmpty();

            CliRunner.Result again = new CliRunner(work).env("SUPABASE_URL", target.url())
                    .env("SUPABASE_SERVICE_ROLE_KEY", target.secretKey())
                    .run("restore", "--repo", "repo", "--only", "auth", "--yes");
            assertThat(again.exitCode()).as(again.toString()).isZero();
            assertThat(again.out()).contains("0 created").contains(source.auth().users().size() + " already there");
        }
    }

    @Test
    void aRefusedKeyIsOneClearLineAndNoBackupIsCommitted() throws Exception {
        DatabaseEndpoint project = SupabaseFixture.newLoadedProject(PostgresServer.shared());
        try (FakeSupabase source = FakeSupabase.start()) {
            CliRunner.Result backup = new CliRunner(work).env("SUPABASE_URL", source.url())
                    .env("SUPABASE_SERVICE_ROLE_KEY", "sb_secret_not-the-right-one")
                    .run("backup", "--db-url", CliRunner.url(project), "--repo", "repo");
            assertThat(backup.exitCode()).as(backup.toString()).isEqualTo(ExitCodes.USAGE);
            assertThat(backup.err()).contains("refused").doesNotContain("sb_secret_not-the-right-one");
            assertThat(new CliRunner(work).run("list", "--repo", "repo").out()).doesNotContain("complete");
        }
    }
}
