package io.supabackup.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.supabackup.api.Supabackup;
import io.supabackup.domain.model.BackupSummary;
import io.supabackup.domain.model.DatabaseEndpoint;
import io.supabackup.testkit.PostgresServer;
import io.supabackup.testkit.db.SupabaseFixture;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example runs as its README says, against a real Supabase-shaped database. */
class BackupToDirectoryTest {
    private static final PostgresServer SERVER = PostgresServer.shared();

    @TempDir
    Path work;

    private static String url(DatabaseEndpoint e) {
        return "postgresql://" + e.user() + ":" + e.password() + "@" + e.host() + ":" + e.port() + "/" + e.database();
    }

    @Test
    void backsUpVerifiesAndPrunesIntoTheDirectory() {
        DatabaseEndpoint project = SupabaseFixture.newLoadedProject(SERVER);
        Path directory = work.resolve("backups");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = BackupToDirectory.run(directory, url(project), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(printed + err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(printed).contains("BackupResult[").contains("VerifyReport[").contains("PruneReport[")
                .doesNotContain(project.password());
        try (Supabackup supabackup = Supabackup.builder().repository(directory).build()) {
            List<BackupSummary> backups = supabackup.list();
            assertThat(backups).hasSize(1);
            assertThat(backups.get(0).complete()).isTrue();
        }
    }

    @Test
    void withoutADatabaseItSaysWhatIsMissing() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = BackupToDirectory.run(work, null, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("SUPABASE_DB_URL");
    }
}
