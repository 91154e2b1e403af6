package io.supabackup.domain.repository;

import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import io.supabackup.domain.port.out.BackupRepository.LockInfo;
import io.supabackup.domain.port.out.BackupRepository.LockMode;
import io.supabackup.domain.port.out.BackupRepository.RepositoryLock;
import io.supabackup.domain.port.out.ObjectNotFoundException;
import io.supabackup.domain.port.out.ObjectStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Repository locks as small objects under {@code locks/}, in the manner of restic: any number of shared
 * holders (backups, restores, verifies) or one exclusive holder (prune). A holder writes its lock first and
 * then looks at the others, backing off when they conflict, so two processes racing for it cannot both win.
 * A lock is refreshed while its holder works and counts as stale once it has not been refreshed for
 * {@code staleAfter}, or at once when it names a process of this host that no longer runs (a killed backup).
 */
final class RepositoryLocks {
    private static final Logger LOG = LoggerFactory.getLogger(RepositoryLocks.class);
    static final String LOCKS = "locks/";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ScheduledExecutorService REFRESHER = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "supabackup-lock-refresh");
        thread.setDaemon(true);
        return thread;
    });

    private final ObjectStore store;
    private final Clock clock;
    private final String owner;
    private final Duration refreshEvery;
    private final Duration staleAfter;

    RepositoryLocks(ObjectStore store, Clock clock, String owner, Duration refreshEvery, Duration staleAfter) {
        this.store = store;
        this.clock = clock;
        this.owner = owner;
        this.refreshEvery = refreshEvery;
        this.staleAfter = staleAfter;
    }

    /** Takes a lock, waiting up to {@code wait} for conflicting holders to finish; fails with LOCKED after that. */
    RepositoryLock acquire(LockMode mode, String purpose, Duration wait) {
        Instant deadline = clock.instant().plus(wait);
        long pause = 200;
        while (true) {
            String key = LOCKS + HexFormat.of().formatHex(randomBytes()) + ".json";
            LockInfo mine = new LockInfo(key, mode, purpose + " by " + owner, Hosts.name(), ProcessHandle.current().pid(), clock.instant());
            try {
                save(mine);
                List<LockInfo> conflicting = all().stream()
                        .filter(other -> !other.key().equals(key))
                        .filter(other -> mode == LockMode.EXCLUSIVE || other.mode() == LockMode.EXCLUSIVE)
                        .filter(other -> !isStale(other))
                        .toList();
                if (conflicting.isEmpty()) {
                    return new Held(mine);
                }
                store.delete(key);
                if (!clock.instant().isBefore(deadline)) {
                    throw locked(mode, conflicting.get(0));
                }
            } catch (IOException e) {
                throw new SupabackupException(FailureKind.UNEXPECTED, "could not lock the repository at "
                        + store.location() + ": " + e.getMessage(), "check that the repository is writable", e);
            }
            sleep(Math.min(pause + RANDOM.nextInt(200), Math.max(1, Duration.between(clock.instant(), deadline).toMillis())));
            pause = Math.min(pause * 2, 5_000);
        }
    }

    private SupabackupException locked(LockMode wanted, LockInfo holder) {
        String what = holder.mode() == LockMode.EXCLUSIVE ? "an exclusive lock (a prune)" : "a lock (a backup, restore or verify)";
        return new SupabackupException(FailureKind.LOCKED, "the repository at " + store.location() + " is held by "
                + what + " of " + holder.describe() + ", so this " + (wanted == LockMode.EXCLUSIVE ? "prune" : "work")
                + " cannot start",
                "wait for it to finish or pass --lock-wait 10m; if that process is gone, 'supabackup unlock' removes "
                        + "its lock once it is stale (after " + staleAfter.toMinutes() + " minutes without a refresh)");
    }

    /** Every lock in the repository; unreadable ones count as live exclusive locks written just now. */
    List<LockInfo> all() throws IOException {
        List<String> keys = new ArrayList<>();
        store.list(LOCKS, info -> keys.add(info.key()));
        List<LockInfo> locks = new ArrayList<>();
        for (String key : keys) {
            try (InputStream in = store.load(key)) {
                locks.add(decode(key, in.readAllBytes()));
            } catch (ObjectNotFoundException gone) {
                // released while we looked
            } catch (IllegalArgumentException damaged) {
                locks.add(new LockInfo(key, LockMode.EXCLUSIVE, "unreadable lock", "?", 0, clock.instant()));
            }
        }
        return locks;
    }

    boolean isStale(LockInfo lock) {
        if (lock.refreshedAt().plus(staleAfter).isBefore(clock.instant())) {
            return true;
        }
        return lock.host().equals(Hosts.name()) && lock.pid() > 0 && lock.pid() != ProcessHandle.current().pid()
                && ProcessHandle.of(lock.pid()).map(p -> !p.isAlive()).orElse(true);
    }

    /** Removes stale locks, or every lock with {@code all}; returns what was removed. */
    List<LockInfo> remove(boolean all) {
        try {
            List<LockInfo> removed = new ArrayList<>();
            for (LockInfo lock : all()) {
                if (all || isStale(lock)) {
                    store.delete(lock.key());
                    removed.add(lock);
                }
            }
            return removed;
        } catch (IOException e) {
            throw new SupabackupException(FailureKind.UNEXPECTED, "could not remove the locks of " + store.location()
                    + ": " + e.getMessage(), "check that the repository is writable", e);
        }
    }

    private void save(LockInfo lock) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("mode", lock.mode().name().toLowerCase(java.util.Locale.ROOT));
        json.put("owner", lock.owner());
        json.put("host", lock.host());
        json.put("pid", lock.pid());
        json.put("time", lock.refreshedAt().toString());
        store.save(lock.key(), new ByteArrayInputStream(Json.write(json).getBytes(StandardCharsets.UTF_8)));
    }

    private static LockInfo decode(String key, byte[] bytes) {
        Map<String, Object> json = ManifestCodec.map(Json.parse(new String(bytes, StandardCharsets.UTF_8)), key);
        String mode = String.valueOf(json.get("mode"));
        try {
            return new LockInfo(key, "exclusive".equals(mode) ? LockMode.EXCLUSIVE : LockMode.SHARED,
                    String.valueOf(json.get("owner")), String.valueOf(json.get("host")),
                    ManifestCodec.number(json, "pid"), Instant.parse(String.valueOf(json.get("time"))));
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("bad time in " + key, e);
        }
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SupabackupException(FailureKind.INTERRUPTED, "interrupted while waiting for the repository lock");
        }
    }

    /** A lock this process holds: refreshed in the background until released. */
    private final class Held implements RepositoryLock {
        private final ScheduledFuture<?> refreshing;
        private volatile LockInfo info;
        private volatile boolean released;

        Held(LockInfo info) {
            this.info = info;
            long every = Math.max(1, refreshEvery.toMillis());
            this.refreshing = REFRESHER.scheduleWithFixedDelay(this::refresh, every, every, TimeUnit.MILLISECONDS);
        }

        private synchronized void refresh() {
            if (released) {
                return;
            }
            LockInfo next = new LockInfo(info.key(), info.mode(), info.owner(), info.host(), info.pid(), clock.instant());
            try {
                save(next);
                info = next;
            } catch (IOException | RuntimeException e) {
                LOG.warn("could not refresh the repository lock {}: {}", info.key(), e.getMessage());
            }
        }

        @Override
        public LockInfo info() {
            return info;
        }

        @Override
        public synchronized void close() {
            if (released) {
                return;
            }
            released = true;
            refreshing.cancel(false);
            try {
                store.delete(info.key());
            } catch (IOException e) {
                LOG.warn("could not remove the repository lock {}: {}; 'supabackup unlock' removes it once stale",
                        info.key(), e.getMessage());
            }
        }
    }
}
