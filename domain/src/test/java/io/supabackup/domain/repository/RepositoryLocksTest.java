package io.supabackup.domain.repository;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import io.supabackup.domain.model.DumpMode;
import io.supabackup.domain.model.SourceInfo;
import io.supabackup.domain.port.out.BackupRepository.BackupWriter;
import io.supabackup.domain.port.out.BackupRepository.LockMode;
import io.supabackup.domain.port.out.BackupRepository.LockStatus;
import io.supabackup.domain.port.out.BackupRepository.RepositoryLock;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RepositoryLocksTest {
    private final InMemoryObjectStore store = new InMemoryObjectStore();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T14:20:52Z"));
    private final ObjectStoreBackupRepository repository = repository(Duration.ZERO);

    private ObjectStoreBackupRepository repository(Duration wait) {
        return new ObjectStoreBackupRepository(store, clock, "supabackup test", io.supabackup.domain.port.out.Compressor.NONE,
                null, new ObjectStoreBackupRepository.LockTiming(wait, Duration.ofMinutes(5), Duration.ofMinutes(30)));
    }

    @BeforeEach
    void createRepository() {
        repository.begin().commit(DumpMode.FULL, new SourceInfo("db", "15", "15"));
    }

    private long lockObjects() {
        return store.objects.keySet().stream().filter(k -> k.startsWith("locks/")).count();
    }

    @Test
    void sharedLocksAreHeldSideBySide() {
        try (RepositoryLock a = repository.lock(LockMode.SHARED, "backup");
             RepositoryLock b = repository.lock(LockMode.SHARED, "verify")) {
            assertThat(lockObjects()).isEqualTo(2);
            assertThat(repository.locks()).extracting(LockStatus::stale).containsOnly(false);
        }
        assertThat(lockObjects()).isZero();
    }

    @Test
    void anExclusiveLockIsRefusedBesideASharedOneAndLeavesNothingBehind() {
        try (RepositoryLock backup = repository.lock(LockMode.SHARED, "backup")) {
            assertThatThrownBy(() -> repository.lock(LockMode.EXCLUSIVE, "prune"))
                    .isInstanceOfSatisfying(SupabackupException.class, e -> {
                        assertThat(e.kind()).isEqualTo(FailureKind.LOCKED);
                        assertThat(e.getMessage()).contains("backup by").contains("pid " + ProcessHandle.current().pid());
                        assertThat(e.hint()).contains("--lock-wait").contains("unlock");
                    });
            assertThat(lockObjects()).isEqualTo(1);
        }
        repository.lock(LockMode.EXCLUSIVE, "prune").close();
    }

    @Test
    void aBackupCannotBeginWhilePruneHoldsTheRepository() {
        try (RepositoryLock prune = repository.lock(LockMode.EXCLUSIVE, "prune")) {
            assertThatThrownBy(repository::begin).isInstanceOfSatisfying(SupabackupException.class,
                    e -> assertThat(e.kind()).isEqualTo(FailureKind.LOCKED));
            assertThatThrownBy(() -> repository.lock(LockMode.EXCLUSIVE, "prune")).isInstanceOf(SupabackupException.class);
        }
        assertThat(store.objects.keySet()).noneMatch(k -> k.startsWith("backups/") && k.contains("T14-20-52Z-1"));
    }

    @Test
    void aRunningBackupHoldsASharedLockUntilItCommitsOrAborts() {
        BackupWriter writer = repository.begin();
        assertThatThrownBy(() -> repository.lock(LockMode.EXCLUSIVE, "prune")).isInstanceOf(SupabackupException.class);
        writer.commit(DumpMode.FULL, new SourceInfo("db", "15", "15"));
        repository.lock(LockMode.EXCLUSIVE, "prune").close();

        BackupWriter failed = repository.begin();
        failed.abort();
        repository.lock(LockMode.EXCLUSIVE, "prune").close();
        assertThat(lockObjects()).isZero();
    }

    @Test
    void aLockNotRefreshedForLongIsStaleAndUnlockRemovesOnlyStaleOnes() {
        RepositoryLock old = repository.lock(LockMode.SHARED, "backup");
        clock.advance(Duration.ofMinutes(31));
        try (RepositoryLock fresh = repository.lock(LockMode.SHARED, "verify")) {
            assertThat(repository.locks()).extracting(LockStatus::stale).containsExactlyInAnyOrder(true, false);
            assertThat(repository.unlock(false)).singleElement().satisfies(l -> assertThat(l.owner()).startsWith("backup"));
            assertThat(lockObjects()).isEqualTo(1);
        }
        old.close();
    }

    @Test
    void aLockOfAProcessOfThisHostThatIsGoneIsStaleAtOnce() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        assertThat(gone.waitFor(10, TimeUnit.SECONDS)).isTrue();
        String json = "{\"mode\":\"exclusive\",\"owner\":\"prune by someone\",\"host\":\"" + Hosts.name()
                + "\",\"pid\":" + gone.pid() + ",\"time\":\"" + clock.instant() + "\"}";
        store.save("locks/killed.json", new ByteArrayInputStream(json.getBytes(UTF_8)));

        assertThat(repository.locks()).singleElement().satisfies(s -> assertThat(s.stale()).isTrue());
        repository.begin().abort();
        assertThat(repository.unlock(false)).hasSize(1);
        assertThat(lockObjects()).isZero();
    }

    @Test
    void aDamagedLockObjectCountsAsALiveExclusiveLock() throws Exception {
        store.save("locks/garbage.json", new ByteArrayInputStream("not json".getBytes(UTF_8)));
        assertThatThrownBy(() -> repository.lock(LockMode.SHARED, "verify")).isInstanceOf(SupabackupException.class);
        assertThat(repository.unlock(true)).hasSize(1);
        repository.lock(LockMode.SHARED, "verify").close();
    }

    @Test
    void aWaitingPruneGetsTheLockOnceTheBackupEnds() throws Exception {
        ObjectStoreBackupRepository patient = new ObjectStoreBackupRepository(store, java.time.Clock.systemUTC(),
                "supabackup test", io.supabackup.domain.port.out.Compressor.NONE, null,
                new ObjectStoreBackupRepository.LockTiming(Duration.ofSeconds(20), Duration.ofMinutes(5),
                        Duration.ofMinutes(30)));
        RepositoryLock backup = patient.lock(LockMode.SHARED, "backup");
        CompletableFuture<RepositoryLock> prune = CompletableFuture.supplyAsync(() -> patient.lock(LockMode.EXCLUSIVE, "prune"));
        Thread.sleep(500);
        assertThat(prune).isNotDone();
        backup.close();
        prune.get(15, TimeUnit.SECONDS).close();
        assertThat(lockObjects()).isZero();
    }

    @Test
    void aHeldLockIsRefreshedInTheBackground() throws Exception {
        ObjectStoreBackupRepository refreshing = new ObjectStoreBackupRepository(store, clock, "supabackup test",
                io.supabackup.domain.port.out.Compressor.NONE, null,
                new ObjectStoreBackupRepository.LockTiming(Duration.ZERO, Duration.ofMillis(50), Duration.ofMinutes(30)));
        try (RepositoryLock lock = refreshing.lock(LockMode.SHARED, "backup")) {
            clock.advance(Duration.ofMinutes(40));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (refreshing.locks().get(0).stale() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(refreshing.locks()).singleElement().satisfies(s -> {
                assertThat(s.stale()).isFalse();
                assertThat(s.lock().refreshedAt()).isEqualTo(clock.instant());
            });
        }
    }
}
