package io.supabackup.adapters.storage.gcs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.Storage;
import io.supabackup.domain.port.out.ObjectNotFoundException;
import io.supabackup.domain.port.out.ObjectStore;
import io.supabackup.testkit.objectstore.ObjectStoreContract;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shared contract plus what is particular to GCS, for every backend a {@link Storage} client can talk
 * to. A subclass supplies the client and a bucket that exists.
 */
abstract class GcsObjectStoreContractBase extends ObjectStoreContract {
    static final String PREFIX = "backups/site-1";
    private static final int SMALL_CHUNK = GcsConfig.CHUNK_QUANTUM;

    /** The client under test. */
    protected abstract Storage storage();

    /** An existing bucket, empty at the start of each test. */
    protected abstract String bucket();

    /** The settings the contract runs with. */
    protected abstract GcsConfig config();

    /**
     * Whether the backend keeps an upload that was never finalised out of sight, as GCS does. Google's
     * in-memory fake does not: it records an object's metadata when the upload session opens.
     */
    protected abstract boolean hidesUnfinishedUploads();

    @Override
    protected ObjectStore newStore() {
        return GcsObjectStores.open(storage(), bucket(), PREFIX, config());
    }

    @Test
    void keysLiveUnderThePrefixInsideTheBucket() throws Exception {
        save("a/b", bytes("under the prefix"));
        storage().create(com.google.cloud.storage.BlobInfo.newBuilder(BlobId.of(bucket(), "outside/x")).build(),
                bytes("not ours"));

        assertThat(storage().readAllBytes(BlobId.of(bucket(), PREFIX + "/a/b"))).isEqualTo(bytes("under the prefix"));
        assertThat(listKeys("")).containsExactly("a/b");
        assertThat(store.location()).isEqualTo("gs://" + bucket() + "/" + PREFIX);
    }

    @Test
    void aStoreWithoutPrefixUsesTheWholeBucket() throws Exception {
        ObjectStore whole = GcsObjectStores.open(storage(), bucket(), "", config());

        whole.save("top", new ByteArrayInputStream(bytes("x")));
        save("inner", bytes("y"));

        assertThat(whole.location()).isEqualTo("gs://" + bucket());
        List<String> keys = new ArrayList<>();
        whole.list("", info -> keys.add(info.key()));
        assertThat(keys).containsExactlyInAnyOrder("top", PREFIX + "/inner");
    }

    @Test
    void streamFailingAfterChunksWentUpAbandonsTheUploadAndKeepsTheOlderObject() throws Exception {
        byte[] old = pattern(70_000);
        save("kept", old);
        TrackingStorage tracking = new TrackingStorage(storage());
        ObjectStore small = GcsObjectStores.open(tracking.proxy(), bucket(), PREFIX, config().withChunkSize(SMALL_CHUNK));

        assertThatThrownBy(() -> small.save("kept", new FailingStream(12L * SMALL_CHUNK + 7)))
                .isInstanceOf(IOException.class).hasMessage(FailingStream.MESSAGE);

        assertThat(tracking.writersOpened()).isEqualTo(1);
        assertThat(tracking.bytesWritten()).as("bytes handed to the resumable upload").isGreaterThan(4L * SMALL_CHUNK);
        assertThat(tracking.writersClosed()).as("writers closed, so finalised").isZero();
        assertThat(load("kept")).isEqualTo(old);
        assertThat(store.stat("kept")).hasValueSatisfying(info -> assertThat(info.size()).isEqualTo(old.length));
        assertThat(listKeys("")).containsExactly("kept");
    }

    @Test
    void streamFailingAfterChunksWentUpLeavesNoNewObject() throws Exception {
        TrackingStorage tracking = new TrackingStorage(storage());
        ObjectStore small = GcsObjectStores.open(tracking.proxy(), bucket(), PREFIX, config().withChunkSize(SMALL_CHUNK));

        assertThatThrownBy(() -> small.save("fresh/object", new FailingStream(6L * SMALL_CHUNK + 3)))
                .isInstanceOf(IOException.class).hasMessage(FailingStream.MESSAGE);

        assertThat(tracking.writersOpened()).isEqualTo(1);
        assertThat(tracking.bytesWritten()).isGreaterThan(2L * SMALL_CHUNK);
        assertThat(tracking.writersClosed()).isZero();
        if (hidesUnfinishedUploads()) {
            assertThat(store.stat("fresh/object")).isEmpty();
            assertThatThrownBy(() -> store.load("fresh/object")).isInstanceOf(ObjectNotFoundException.class);
            assertThat(listKeys("")).isEmpty();
        }
    }

    @Test
    void objectOfManyChunksRoundTripsThroughAResumableUpload() throws Exception {
        TrackingStorage tracking = new TrackingStorage(storage());
        ObjectStore small = GcsObjectStores.open(tracking.proxy(), bucket(), PREFIX, config().withChunkSize(SMALL_CHUNK));
        byte[] content = pattern(5 * SMALL_CHUNK + 123);

        small.save("chunked", new ByteArrayInputStream(content));

        assertThat(tracking.writersOpened()).isEqualTo(1);
        assertThat(tracking.writersClosed()).isEqualTo(1);
        assertThat(load("chunked")).isEqualTo(content);
        assertThat(store.stat("chunked")).hasValueSatisfying(info -> assertThat(info.size()).isEqualTo(content.length));
    }

    @Test
    void saveNeverHoldsMoreThanAChunkOfTheStreamBeforeHandingItOn() throws Exception {
        TrackingStorage tracking = new TrackingStorage(storage());
        ObjectStore small = GcsObjectStores.open(tracking.proxy(), bucket(), PREFIX, config().withChunkSize(SMALL_CHUNK));
        long size = 40L * SMALL_CHUNK + 5;
        long[] mostAhead = {0};
        InputStream source = new FilterInputStream(new FailingStream(size + 1)) {
            private long read;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (read == size) {
                    return -1;
                }
                int n = super.read(b, off, (int) Math.min(len, size - read));
                read += n;
                mostAhead[0] = Math.max(mostAhead[0], read - tracking.bytesWritten());
                return n;
            }
        };

        small.save("bounded", source);

        assertThat(tracking.bytesWritten()).isEqualTo(size);
        assertThat(mostAhead[0]).as("bytes read from the source but not yet handed to the upload")
                .isLessThanOrEqualTo(SMALL_CHUNK);
        assertThat(store.stat("bounded")).hasValueSatisfying(info -> assertThat(info.size()).isEqualTo(size));
    }

    @Test
    void objectOfExactlyOneChunkRoundTrips() throws Exception {
        ObjectStore small = GcsObjectStores.open(storage(), bucket(), PREFIX, config().withChunkSize(SMALL_CHUNK));
        byte[] content = pattern(SMALL_CHUNK);

        small.save("one-chunk", new ByteArrayInputStream(content));

        assertThat(load("one-chunk")).isEqualTo(content);
    }

    @Test
    void keysGcsCannotNameAreRejectedBeforeAnyIo() {
        String tooLong = "k/" + "x".repeat(1100);
        for (String key : List.of("line\nbreak", "carriage\rreturn", tooLong)) {
            assertThatThrownBy(() -> save(key, bytes("never"))).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.stat(key)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }

    static byte[] pattern(int length) {
        return new FailingStream(length).readGood(length);
    }
}
