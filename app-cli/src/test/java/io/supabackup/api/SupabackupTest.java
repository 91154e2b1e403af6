package io.supabackup.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import io.supabackup.domain.model.BackupSummary;
import io.supabackup.domain.model.DatabaseEndpoint;
import io.supabackup.domain.model.DumpMode;
import io.supabackup.domain.model.RetentionPolicy;
import io.supabackup.domain.port.in.BackupCommand;
import io.supabackup.domain.port.in.BackupResult;
import io.supabackup.domain.port.in.PruneCommand;
import io.supabackup.domain.port.in.PruneReport;
import io.supabackup.domain.port.in.RestoreCommand;
import io.supabackup.domain.port.in.RestoreResult;
import io.supabackup.domain.port.in.VerifyCommand;
import io.supabackup.domain.port.in.VerifyReport;
import io.supabackup.domain.port.out.ProgressListener;
import io.supabackup.testkit.PostgresServer;
import io.supabackup.testkit.db.DatabaseSnapshot;
import io.supabackup.testkit.db.SupabaseFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java API: the command line's use cases as methods that return results, against a real database. */
class SupabackupTest {
    private static final PostgresServer SERVER = PostgresServer.shared();

    @TempDir
    Path work;

    @Test
    void buildingWithoutARepositoryIsAUsageError() {
        assertThatThrownBy(() -> Supabackup.builder().build())
                .isInstanceOfSatisfying(SupabackupException.class, e -> {
                    assertThat(e.kind()).isEqualTo(FailureKind.USAGE);
                    assertThat(e.getMessage()).isEqualTo("no repository given");
                });
    }

    @Test
    void aMissingPublicKeyFileFailsAtBuildNotAtTheFirstBackup() {
        assertThatThrownBy(() -> Supabackup.builder().repository(work.resolve("repo"))
                .encryptTo(work.resolve("nowhere.asc")).build())
                .isInstanceOfSatisfying(SupabackupException.class, e -> {
                    assertThat(e.kind()).isEqualTo(FailureKind.USAGE);
                    assertThat(e.getMessage()).contains("nowhere.asc").contains("does not exist");
                });
    }

    @Test
    void anUnknownRepositorySchemeFailsAtBuild() {
        assertThatThrownBy(() -> Supabackup.builder().repository("azure://container/x").build())
                .isInstanceOfSatisfying(SupabackupException.class,
                        e -> assertThat(e.getMessage()).contains("unknown repository scheme 'azure:'"));
    }

    @Test
    void backupListVerifyRestoreAndPruneReturnTheirResults() {
        DatabaseEndpoint source = SupabaseFixture.newLoadedProject(SERVER);
        DatabaseEndpoint target = SupabaseFixture.newProject(SERVER);
        List<String> steps = new CopyOnWriteArrayList<>();
        ProgressListener listener = new ProgressListener() {
            @Override
            public void stepStarted(String step) {
                steps.add(step);
            }
        };
        try (Supabackup supabackup = Supabackup.builder().repository(work.resolve("repo")).progress(listener).build()) {
            BackupResult backup = supabackup.backup(new BackupCommand(source, DumpMode.SUPABASE, false));
            String id = backup.manifest().id().value();
            assertThat(steps).as("the listener hears the backup's steps").isNotEmpty();

            assertThat(supabackup.list()).extracting(BackupSummary::complete).containsExactly(true);
            assertThat(supabackup.manifest("latest").id().value()).isEqualTo(id);
            VerifyReport report = supabackup.verify(new VerifyCommand(id, false, false));
            assertThat(report.ok()).as(report.toString()).isTrue();

            // nobody can say yes to an embedding program's restore unless its command does
            RestoreCommand asking = new RestoreCommand(id, target, false, false, false, 1);
            assertThatThrownBy(() -> supabackup.restore(asking))
                    .isInstanceOfSatisfying(SupabackupException.class,
                            e -> assertThat(e.kind()).isEqualTo(FailureKind.REFUSED));
            RestoreResult restored = supabackup.restore(new RestoreCommand(id, target, false, true, false, 1));
            assertThat(restored.manifest().id().value()).isEqualTo(id);
            assertThat(DatabaseSnapshot.capture(target, SupabaseFixture.USER_SCHEMAS).differencesFrom(
                    DatabaseSnapshot.capture(source, SupabaseFixture.USER_SCHEMAS))).isEmpty();

            supabackup.backup(new BackupCommand(source, DumpMode.SUPABASE, false));
            PruneReport pruned = supabackup.prune(new PruneCommand(new RetentionPolicy(1, 0, 0, 0, Duration.ZERO),
                    Duration.ofHours(1), false));
            assertThat(pruned.removed()).extracting(r -> r.value()).containsExactly(id);
            assertThat(supabackup.list()).hasSize(1);
        }
    }

    @Test
    void aClosedInstanceRefusesFurtherUse() {
        Supabackup supabackup = Supabackup.builder().repository(work.resolve("repo")).build();
        supabackup.close();
        assertThatThrownBy(supabackup::list).isInstanceOf(IllegalStateException.class);
    }
}
