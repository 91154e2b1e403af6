package io.supabackup.domain.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.supabackup.domain.port.out.ObjectInfo;
import io.supabackup.domain.port.out.ObjectNotFoundException;
import io.supabackup.domain.port.out.ObjectStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class RetryingObjectStoreTest {
    /** Fails the first {@code failures} calls of each operation; the failing save reads a little first if asked. */
    private static final class FlakyStore implements ObjectStore {
        final Map<String, byte[]> objects = new ConcurrentHashMap<>();
        int failures;
        int calls;
        boolean readBeforeFailing;

        FlakyStore(int failures) {
            this.failures = failures;
        }

        private void maybeFail() throws IOException {
            calls++;
            if (calls <= failures) {
                throw new IOException("connection reset");
            }
        }

        @Override
        public void save(String key, InputStream content) throws IOException {
            if (readBeforeFailing && calls < failures) {
                content.read(new byte[3]);
            }
            maybeFail();
            objects.put(key, content.readAllBytes());
        }

        @Override
        public InputStream load(String key) throws IOException {
            maybeFail();
            byte[] bytes = objects.get(key);
            if (bytes == null) {
                throw new ObjectNotFoundException(key);
            }
            return new ByteArrayInputStream(bytes);
        }

        @Override
        public Optional<ObjectInfo> stat(String key) throws IOException {
            maybeFail();
            return Optional.ofNullable(objects.get(key)).map(b -> new ObjectInfo(key, b.length, Instant.EPOCH));
        }

        @Override
        public void list(String prefix, Consumer<ObjectInfo> consumer) throws IOException {
            maybeFail();
            objects.forEach((k, v) -> consumer.accept(new ObjectInfo(k, v.length, Instant.EPOCH)));
        }

        @Override
        public void delete(String key) throws IOException {
            maybeFail();
            objects.remove(key);
        }

        @Override
        public boolean exists() throws IOException {
            maybeFail();
            return true;
        }

        @Override
        public String location() {
            return "flaky:";
        }
    }

    private final List<Duration> pauses = new ArrayList<>();

    private RetryingObjectStore retrying(ObjectStore store, int attempts) {
        return new RetryingObjectStore(store, attempts, Duration.ofMillis(100), Duration.ofSeconds(2), pauses::add);
    }

    @Test
    void transientFailuresAreRetriedWithGrowingPauses() throws IOException {
        FlakyStore flaky = new FlakyStore(3);
        RetryingObjectStore store = retrying(flaky, 5);
        store.save("k", new ByteArrayInputStream("hello".getBytes()));
        assertThat(flaky.objects.get("k")).isEqualTo("hello".getBytes());
        assertThat(pauses).hasSize(3);
        assertThat(pauses.get(2)).isGreaterThanOrEqualTo(Duration.ofMillis(200)).isLessThanOrEqualTo(Duration.ofMillis(400));
    }

    @Test
    void givesUpAfterTheLastAttempt() {
        RetryingObjectStore store = retrying(new FlakyStore(10), 3);
        assertThatThrownBy(() -> store.stat("k")).isInstanceOf(IOException.class).hasMessage("connection reset");
        assertThat(pauses).hasSize(2);
    }

    @Test
    void aMissingObjectIsAnAnswerNotAFailure() throws IOException {
        FlakyStore flaky = new FlakyStore(0);
        RetryingObjectStore store = retrying(flaky, 5);
        assertThatThrownBy(() -> store.load("nothing")).isInstanceOf(ObjectNotFoundException.class);
        assertThat(pauses).isEmpty();
    }

    @Test
    void aRewindableStreamIsReplayedWholeAfterAPartialRead() throws IOException {
        FlakyStore flaky = new FlakyStore(1);
        flaky.readBeforeFailing = true;
        retrying(flaky, 3).save("k", new ByteArrayInputStream("abcdefgh".getBytes()));
        assertThat(new String(flaky.objects.get("k"))).isEqualTo("abcdefgh");
    }

    @Test
    void aStreamReadHalfWayThatCannotRewindIsNotRetried() {
        FlakyStore flaky = new FlakyStore(1);
        flaky.readBeforeFailing = true;
        InputStream oneShot = new SequenceInputStream(new ByteArrayInputStream("abc".getBytes()),
                new ByteArrayInputStream("defgh".getBytes()));
        assertThatThrownBy(() -> retrying(flaky, 3).save("k", oneShot)).hasMessage("connection reset");
        assertThat(flaky.objects).isEmpty();
        assertThat(pauses).isEmpty();
    }

    @Test
    void aStreamNotYetTouchedIsRetriedEvenIfItCannotRewind() throws IOException {
        FlakyStore flaky = new FlakyStore(2);
        InputStream oneShot = new SequenceInputStream(new ByteArrayInputStream("abc".getBytes()),
                new ByteArrayInputStream("defgh".getBytes()));
        retrying(flaky, 3).save("k", oneShot);
        assertThat(new String(flaky.objects.get("k"))).isEqualTo("abcdefgh");
    }
}
