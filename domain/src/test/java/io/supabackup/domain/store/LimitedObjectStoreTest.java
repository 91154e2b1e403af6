package io.supabackup.domain.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.supabackup.domain.port.out.ObjectInfo;
import io.supabackup.domain.port.out.ObjectStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class LimitedObjectStoreTest {
    @Test
    void neverRunsMoreThanTheLimitAtOnceAndAnOpenStreamHoldsItsPermit() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        ObjectStore slow = new ObjectStore() {
            @Override
            public void save(String key, InputStream content) throws IOException {
                peak.accumulateAndGet(running.incrementAndGet(), Math::max);
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                running.decrementAndGet();
            }

            @Override
            public InputStream load(String key) {
                return new ByteArrayInputStream(new byte[1]);
            }

            @Override
            public Optional<ObjectInfo> stat(String key) {
                return Optional.empty();
            }

            @Override
            public void list(String prefix, Consumer<ObjectInfo> consumer) {
            }

            @Override
            public void delete(String key) {
            }

            @Override
            public boolean exists() {
                return true;
            }

            @Override
            public String location() {
                return "slow:";
            }
        };
        LimitedObjectStore limited = new LimitedObjectStore(slow, 2);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        for (int i = 0; i < 6; i++) {
            int n = i;
            pool.submit(() -> {
                limited.save("k" + n, InputStream.nullInputStream());
                return null;
            });
        }
        Thread.sleep(200);
        assertThat(running.get()).isEqualTo(2);
        release.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(peak.get()).isEqualTo(2);

        LimitedObjectStore single = new LimitedObjectStore(slow, 1);
        InputStream open = single.load("a");
        ExecutorService other = Executors.newSingleThreadExecutor();
        java.util.concurrent.Future<Optional<ObjectInfo>> waiting = other.submit(() -> single.stat("b"));
        Thread.sleep(200);
        assertThat(waiting).as("an open stream holds the only permit").isNotDone();
        open.close();
        assertThat(waiting.get(10, TimeUnit.SECONDS)).isEmpty();
        other.shutdown();
    }
}
