package io.supabackup.domain.service;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import io.supabackup.domain.model.BackupId;
import io.supabackup.domain.model.BackupSummary;
import io.supabackup.domain.model.DumpMode;
import io.supabackup.domain.model.EntryKind;
import io.supabackup.domain.model.RetentionPolicy;
import io.supabackup.domain.model.SourceInfo;
import io.supabackup.domain.port.in.PruneCommand;
import io.supabackup.domain.port.in.PruneReport;
import io.supabackup.domain.port.out.BackupRepository.BackupWriter;
import io.supabackup.domain.port.out.BackupRepository.LockMode;
import io.supabackup.domain.port.out.BackupRepository.RepositoryLock;
import io.supabackup.domain.port.out.ProgressListener;
import io.supabackup.domain.repository.InMemoryObjectStore;
import io.supabackup.domain.repository.MutableClock;
import io.supabackup.domain.repository.ObjectStoreBackupRepository;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PruneServiceTest {
    private final InMemoryObjectStore store = new InMemoryObjectStore();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-01T03:00:00Z"));
    private final ObjectStoreBackupRepository repository = new ObjectStoreBackupRepository(store, clock, "test");
    private final PruneService prune = new PruneService(repository, ProgressListener.NONE, clock);
    private final MemoryBuckets buckets = new MemoryBuckets();

    {
        store.clock = clock;
    }

    /** A complete backup of the bucket as it is now, one day after the previous one. */
    private BackupId dailyBackup() {
        clock.advance(Duration.ofDays(1));
        BackupWriter writer = repository.begin();
        Map<String, StorageTransfer.IndexEntry> previous = Map.of();
        StorageTransfer.backup(buckets, writer, previous, Set.of(), 2, new StepProgress("test", ProgressListener.NONE));
        writer.put("db/roles.sql", EntryKind.DATABASE_ROLES, new ByteArrayInputStream("-- roles\n".getBytes(UTF_8)));
        return writer.commit(DumpMode.SUPABASE, new SourceInfo("postgres", "15.8", "15.8")).id();
    }

    private List<BackupId> ids() {
        return repository.list().stream().map(BackupSummary::id).toList();
    }

    private PruneReport keepLast(int n, boolean dryRun) {
        return prune.prune(new PruneCommand(new RetentionPolicy(n, 0, 0, 0, Duration.ZERO), Duration.ofHours(1), dryRun));
    }

    @Test
    void removesWhatNoRuleKeepsAndCollectsTheFilesOnlyTheyReferred() {
        buckets.put("a.txt", "first a").put("shared.txt", "the same in every backup");
        BackupId first = dailyBackup();
        buckets.put("a.txt", "second a");
        BackupId second = dailyBackup();
        buckets.put("a.txt", "third a");
        BackupId third = dailyBackup();
        assertThat(repository.blobs()).hasSize(4);

        PruneReport report = keepLast(2, false);

        assertThat(report.removed()).containsExactly(first);
        assertThat(report.kept()).extracting(RetentionPolicy.Kept::id).containsExactly(third.value(), second.value());
        assertThat(ids()).containsExactly(second, third);
        assertThat(report.blobsRemoved()).isEqualTo(1);
        assertThat(repository.blobs()).hasSize(3);
        assertThat(store.objects.keySet()).noneMatch(k -> k.contains(first.value()));
        new VerifyService(repository, ProgressListener.NONE, clock)
                .verify(new io.supabackup.domain.port.in.VerifyCommand(null, true, false))
                .backups().forEach(b -> assertThat(b.ok()).as(b.failures().toString()).isTrue());
        assertThat(store.objects.keySet()).noneMatch(k -> k.startsWith("locks/"));
    }

    @Test
    void aDryRunReportsTheSameAndChangesNothing() {
        buckets.put("a.txt", "one");
        dailyBackup();
        buckets.put("a.txt", "two");
        dailyBackup();
        Map<String, byte[]> before = Map.copyOf(store.objects);

        PruneReport report = keepLast(1, true);

        assertThat(report.dryRun()).isTrue();
        assertThat(report.removed()).hasSize(1);
        assertThat(report.blobsRemoved()).isEqualTo(1);
        assertThat(report.bytesRemoved()).isPositive();
        assertThat(store.objects).isEqualTo(before);
    }

    @Test
    void theNewestBackupIsKeptWhateverThePolicy() {
        buckets.put("a.txt", "one");
        dailyBackup();
        BackupId newest = dailyBackup();
        clock.advance(Duration.ofDays(400));

        PruneReport report = prune.prune(new PruneCommand(new RetentionPolicy(0, 0, 0, 0, Duration.ofDays(1)),
                Duration.ofHours(1), false));

        assertThat(ids()).containsExactly(newest);
        assertThat(report.kept()).singleElement().satisfies(k -> assertThat(k.reasons()).contains("newest"));
        assertThat(repository.blobs()).hasSize(1);
    }

    @Test
    void incompleteBackupsGoOnceOlderThanTheGracePeriodAndTheirFilesWithThem() {
        buckets.put("a.txt", "kept");
        BackupId complete = dailyBackup();
        clock.advance(Duration.ofHours(1));
        BackupWriter interrupted = repository.begin();
        interrupted.putBlob("0".repeat(64), new ByteArrayInputStream("orphan".getBytes(UTF_8)), "text/plain");
        BackupId incomplete = interrupted.id();
        // the process died: its lock went with it
        repository.unlock(true);

        clock.advance(Duration.ofMinutes(30));
        PruneReport young = keepLast(5, false);
        assertThat(young.removedIncomplete()).isEmpty();
        assertThat(ids()).containsExactly(complete, incomplete);
        assertThat(repository.blobs()).hasSize(2);

        clock.advance(Duration.ofHours(1));
        PruneReport old = keepLast(5, false);
        assertThat(old.removedIncomplete()).containsExactly(incomplete);
        assertThat(ids()).containsExactly(complete);
        assertThat(repository.blobs()).singleElement().satisfies(b -> assertThat(b.name()).isNotEqualTo("0".repeat(64)));
    }

    @Test
    void pruneNeverRunsBesideABackup() {
        buckets.put("a.txt", "one");
        dailyBackup();
        try (RepositoryLock backup = repository.lock(LockMode.SHARED, "backup")) {
            assertThatThrownBy(() -> keepLast(1, false)).isInstanceOfSatisfying(SupabackupException.class,
                    e -> assertThat(e.kind()).isEqualTo(FailureKind.LOCKED));
            assertThat(keepLast(1, true).dryRun()).isTrue();
        }
    }

    @Test
    void anEmptyPolicyIsRefused() {
        assertThatThrownBy(() -> new PruneCommand(new RetentionPolicy(0, 0, 0, 0, Duration.ZERO), Duration.ZERO, false))
                .isInstanceOfSatisfying(SupabackupException.class, e -> assertThat(e.hint()).contains("--keep-last"));
    }
}
