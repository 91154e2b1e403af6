package io.supabackup.testkit.objectstore;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.supabackup.domain.port.out.ObjectInfo;
import io.supabackup.domain.port.out.ObjectNotFoundException;
import io.supabackup.domain.port.out.ObjectStore;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ObjectStore} adapter must show, as restic's shared backend suite: a new
 * adapter is done when its subclass of this class passes. A subclass supplies a fresh, empty store per
 * test through {@link #newStore()}; that store may or may not exist yet.
 *
 * <p>Stores are used from several threads at once (parallel uploads), so some tests save concurrently.
 */
public abstract class ObjectStoreContract {
    private static final int MIB = 1 << 20;

    /** The store under test, opened fresh for each test. */
    protected ObjectStore store;

    /** A fresh, empty store for one test. Its container (directory, bucket) may or may not exist yet. */
    protected abstract ObjectStore newStore() throws Exception;

    /** A store whose container does not exist; adapters that cannot make one leave this as it is. */
    protected ObjectStore newMissingStore() throws Exception {
        return Assumptions.abort("this adapter cannot open a store whose container is missing");
    }

    /**
     * How many bytes the large-stream test pushes through the store. Large enough to exceed any
     * in-memory buffer or single-part upload of an adapter; an adapter against a slow emulator may
     * lower it, never below a few multipart parts.
     */
    protected long largeObjectSize() {
        return 256L * MIB;
    }

    @BeforeEach
    void openStore() throws Exception {
        store = newStore();
    }

    // --- save and load ---------------------------------------------------------------------------

    @Test
    void emptyObjectRoundTrips() throws Exception {
        save("empty", new byte[0]);

        assertThat(load("empty")).isEmpty();
        assertThat(store.stat("empty")).hasValueSatisfying(info -> assertThat(info.size()).isZero());
    }

    @Test
    void singleByteObjectRoundTrips() throws Exception {
        save("one", new byte[] {(byte) 0xfe});

        assertThat(load("one")).containsExactly((byte) 0xfe);
    }

    @Test
    void objectOfSeveralMegabytesRoundTripsByteForByte() throws Exception {
        byte[] content = new PatternInputStream(3L * MIB + 17).readAllBytes();

        save("dir/sub/several-megabytes.bin", content);

        assertThat(load("dir/sub/several-megabytes.bin")).isEqualTo(content);
    }

    @Test
    void saveReadsTheStreamToItsEndAndLeavesClosingToTheCaller() throws Exception {
        TrackingInputStream content = new TrackingInputStream(new ByteArrayInputStream(bytes("payload")));

        store.save("tracked", content);

        assertThat(content.closed).as("closed by the store").isFalse();
        assertThat(content.read()).as("next byte after save").isEqualTo(-1);
        assertThat(load("tracked")).isEqualTo(bytes("payload"));
    }

    @Test
    void loadOfMissingKeyThrowsObjectNotFound() throws Exception {
        save("present", bytes("x"));

        assertThatThrownBy(() -> store.load("absent")).isInstanceOf(ObjectNotFoundException.class);
        assertThatThrownBy(() -> store.load("present/below")).isInstanceOf(ObjectNotFoundException.class);
    }

    // --- overwrite ---------------------------------------------------------------------------------

    @Test
    void overwriteReplacesTheWholeObject() throws Exception {
        save("replaced", new PatternInputStream(100_000).readAllBytes());

        save("replaced", bytes("short"));

        assertThat(load("replaced")).isEqualTo(bytes("short"));
        assertThat(store.stat("replaced")).hasValueSatisfying(info -> assertThat(info.size()).isEqualTo(5));
        assertThat(listKeys("")).containsExactly("replaced");
    }

    @Test
    void overwriteKeepsTheOldObjectWholeUntilTheNewOneIsComplete() throws Exception {
        byte[] old = bytes("the old object, complete");
        save("atomic", old);
        Map<String, Object> seenMidway = new ConcurrentHashMap<>();
        InputStream newContent = new CallbackInputStream(new PatternInputStream(2L * MIB), MIB, () -> {
            try {
                seenMidway.put("load", readAll(store.load("atomic")));
                seenMidway.put("size", store.stat("atomic").map(ObjectInfo::size).orElse(-1L));
            } catch (IOException | RuntimeException e) {
                seenMidway.put("error", e);
            }
        });

        store.save("atomic", newContent);

        assertThat(seenMidway).doesNotContainKey("error").containsKeys("load", "size");
        assertThat((byte[]) seenMidway.get("load")).isEqualTo(old);
        assertThat(seenMidway.get("size")).isEqualTo((long) old.length);
        assertThat(store.stat("atomic")).hasValueSatisfying(info -> assertThat(info.size()).isEqualTo(2L * MIB));
    }

    // --- stat --------------------------------------------------------------------------------------

    @Test
    void statOfPresentKeyReportsItsKeyAndSize() throws Exception {
        save("a/b/stat-me", bytes("12345"));

        assertThat(store.stat("a/b/stat-me")).hasValueSatisfying(info -> {
            assertThat(info.key()).isEqualTo("a/b/stat-me");
            assertThat(info.size()).isEqualTo(5);
        });
    }

    @Test
    void statOfMissingKeyIsEmpty() throws Exception {
        save("present", bytes("x"));

        assertThat(store.stat("absent")).isEmpty();
        assertThat(store.stat("present/below")).isEmpty();
        assertThat(store.stat("nowhere/deep/below")).isEmpty();
    }

    @Test
    void aKeyThatOnlyPrefixesOtherKeysIsNotAnObject() throws Exception {
        save("parent/child", bytes("child"));

        assertThat(store.stat("parent")).isEmpty();
        assertThatThrownBy(() -> store.load("parent")).isInstanceOf(ObjectNotFoundException.class);
        store.delete("parent");
        assertThat(load("parent/child")).isEqualTo(bytes("child"));
    }

    // --- list --------------------------------------------------------------------------------------

    @Test
    void listByDirectoryPrefixReportsOnlyKeysBelowIt() throws Exception {
        saveAll("backups/2026-01-01/manifest", "backups/2026-01-01/db/schema.sql", "backups/2025-12-31/manifest",
                "backupsX/other", "blobs/ab/abcdef");

        assertThat(listKeys("backups/")).containsExactlyInAnyOrder(
                "backups/2026-01-01/manifest", "backups/2026-01-01/db/schema.sql", "backups/2025-12-31/manifest");
        assertThat(listKeys("backups/2026-01-01/"))
                .containsExactlyInAnyOrder("backups/2026-01-01/manifest", "backups/2026-01-01/db/schema.sql");
        assertThat(listKeys("blobs/ab/")).containsExactly("blobs/ab/abcdef");
    }

    @Test
    void listByPartialNamePrefixMatchesEveryNameStartingWithIt() throws Exception {
        saveAll("backups/2026-01-01/manifest", "backups/2026-02-01/manifest", "backups/2025-12-31/manifest",
                "backups/2026", "backupsX/other");

        assertThat(listKeys("backups/2026-"))
                .containsExactlyInAnyOrder("backups/2026-01-01/manifest", "backups/2026-02-01/manifest");
        assertThat(listKeys("backups/2026")).containsExactlyInAnyOrder(
                "backups/2026-01-01/manifest", "backups/2026-02-01/manifest", "backups/2026");
        assertThat(listKeys("backup")).hasSize(5);
    }

    @Test
    void listWithPrefixEqualToAKeyIncludesThatKey() throws Exception {
        saveAll("a/b", "a/bc", "a/b-c", "a/a");

        assertThat(listKeys("a/b")).containsExactlyInAnyOrder("a/b", "a/bc", "a/b-c");
    }

    @Test
    void listWithEmptyPrefixReportsEveryObjectWithItsSize() throws Exception {
        save("top", bytes("1"));
        save("x/y/z/deep", bytes("four"));
        save("x/mid", new byte[0]);

        Map<String, Long> sizes = new HashMap<>();
        for (ObjectInfo info : list("")) {
            assertThat(sizes.put(info.key(), info.size())).as("listed twice: %s", info.key()).isNull();
        }

        assertThat(sizes).containsOnly(Map.entry("top", 1L), Map.entry("x/y/z/deep", 4L), Map.entry("x/mid", 0L));
    }

    @Test
    void listReportsTheSameSizeAsStat() throws Exception {
        save("sized/one", new PatternInputStream(12_345).readAllBytes());

        assertThat(list("sized/")).singleElement().satisfies(info -> {
            assertThat(info.key()).isEqualTo("sized/one");
            assertThat(info.size()).isEqualTo(12_345);
            assertThat(info.size()).isEqualTo(store.stat("sized/one").orElseThrow().size());
        });
    }

    @Test
    void listOfPrefixWithoutMatchesReportsNothing() throws Exception {
        save("something/else", bytes("x"));

        assertThat(listKeys("nothing/")).isEmpty();
        assertThat(listKeys("something/else/below")).isEmpty();
        assertThat(listKeys("somethingelse")).isEmpty();
    }

    @Test
    void listReportsMoreThanAThousandKeysUnderOnePrefixExactlyOnce() throws Exception {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 1_100; i++) {
            expected.add(String.format("many/obj-%04d", i));
        }
        expected.addAll(List.of("many/nested/one", "many/nested/two"));
        List<String> all = new ArrayList<>(expected);
        all.addAll(List.of("many-more/not-listed", "manyother/not-listed"));
        // Saved in parallel because one round trip per object, one after another, would dominate the run.
        saveConcurrently(all);

        List<String> listed = listKeys("many/");

        assertThat(listed).hasSize(expected.size()).containsExactlyInAnyOrderElementsOf(expected);
    }

    // --- delete ------------------------------------------------------------------------------------

    @Test
    void deleteRemovesTheObject() throws Exception {
        saveAll("gone/soon", "gone/stays");

        store.delete("gone/soon");

        assertThat(store.stat("gone/soon")).isEmpty();
        assertThatThrownBy(() -> store.load("gone/soon")).isInstanceOf(ObjectNotFoundException.class);
        assertThat(listKeys("")).containsExactly("gone/stays");
    }

    @Test
    void deleteOfMissingKeyIsNotAnError() throws Exception {
        save("present", bytes("x"));

        assertThatCode(() -> store.delete("absent")).doesNotThrowAnyException();
        assertThatCode(() -> store.delete("no/such/dir/key")).doesNotThrowAnyException();
        assertThatCode(() -> store.delete("present/below")).doesNotThrowAnyException();
        assertThat(listKeys("")).containsExactly("present");
    }

    @Test
    void deletedKeyCanBeSavedAgain() throws Exception {
        save("again/key", bytes("first"));
        store.delete("again/key");

        save("again/key", bytes("second"));

        assertThat(load("again/key")).isEqualTo(bytes("second"));
    }

    // --- streaming and failures --------------------------------------------------------------------

    @Test
    void largeStreamRoundTripsWithTheSameSha256() throws Exception {
        long size = largeObjectSize();
        DigestInputStream content = new DigestInputStream(new PatternInputStream(size), sha256());

        store.save("large/stream.bin", content);
        byte[] savedDigest = content.getMessageDigest().digest();

        assertThat(store.stat("large/stream.bin")).hasValueSatisfying(info -> assertThat(info.size()).isEqualTo(size));
        MessageDigest loaded = sha256();
        long loadedBytes;
        try (InputStream in = new DigestInputStream(store.load("large/stream.bin"), loaded)) {
            loadedBytes = in.transferTo(OutputStream.nullOutputStream());
        }
        assertThat(loadedBytes).isEqualTo(size);
        assertThat(loaded.digest()).isEqualTo(savedDigest);
    }

    @Test
    void streamFailingHalfWayStoresNothing() throws Exception {
        assertThatThrownBy(() -> store.save("failed/object", new FailingInputStream(MIB + 5)))
                .isInstanceOf(IOException.class);

        assertThat(store.stat("failed/object")).isEmpty();
        assertThatThrownBy(() -> store.load("failed/object")).isInstanceOf(ObjectNotFoundException.class);
        if (store.exists()) {
            assertThat(listKeys("")).isEmpty();
        }
    }

    @Test
    void streamFailingHalfWayKeepsTheOlderObjectIntact() throws Exception {
        byte[] old = new PatternInputStream(70_000).readAllBytes();
        save("kept/object", old);

        assertThatThrownBy(() -> store.save("kept/object", new FailingInputStream(MIB + 5)))
                .isInstanceOf(IOException.class);

        assertThat(load("kept/object")).isEqualTo(old);
        assertThat(store.stat("kept/object")).hasValueSatisfying(info -> assertThat(info.size()).isEqualTo(70_000));
        assertThat(listKeys("")).containsExactly("kept/object");
    }

    // --- keys --------------------------------------------------------------------------------------

    @Test
    void unicodeAndSpecialCharacterKeysRoundTripAndListVerbatim() throws Exception {
        List<String> keys = List.of(
                "unicode/café/é.txt",
                "unicode/日本/東京 データ.bin",
                "unicode/emoji/😀🚀",
                "unicode/spaces/a b  c",
                "unicode/plus/a+b",
                "unicode/plus/a b",
                "unicode/percent/100%",
                "unicode/percent/a%20b",
                "unicode/percent/slash%2Fstays-one-segment",
                "unicode/punctuation/#hash?query&and=equals;semi@at!bang'quote(paren)~tilde",
                "unicode/dots/..hidden.. and .trailing.");
        for (String key : keys) {
            save(key, bytes("content of " + key));
        }

        for (String key : keys) {
            assertThat(load(key)).as(key).isEqualTo(bytes("content of " + key));
            assertThat(store.stat(key)).as(key).hasValueSatisfying(info -> assertThat(info.key()).isEqualTo(key));
        }
        assertThat(listKeys("unicode/")).containsExactlyInAnyOrderElementsOf(keys);
        assertThat(listKeys("unicode/日")).containsExactly("unicode/日本/東京 データ.bin");
        assertThat(listKeys("unicode/plus/a+")).containsExactly("unicode/plus/a+b");
        assertThat(listKeys("unicode/percent/a%")).containsExactly("unicode/percent/a%20b");
    }

    @Test
    void invalidKeysAreRejectedBeforeAnyIo() throws Exception {
        boolean existedBefore = store.exists();
        for (String key : INVALID_KEYS) {
            TrackingInputStream content = new TrackingInputStream(new ByteArrayInputStream(bytes("never")));
            String shown = String.valueOf(key).replace("\0", "\\0");

            assertThatThrownBy(() -> store.save(key, content)).as("save %s", shown)
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(content.touched).as("stream read for %s", shown).isFalse();
            assertThatThrownBy(() -> store.load(key)).as("load %s", shown)
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.stat(key)).as("stat %s", shown)
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.delete(key)).as("delete %s", shown)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(store.exists()).as("store exists").isEqualTo(existedBefore);
        if (existedBefore) {
            assertThat(listKeys("")).isEmpty();
        }
    }

    @Test
    void invalidPrefixesAreRejected() {
        for (String prefix : List.of("/", "/abs", "..", "../", "a/../", "a//", "a\\b", "./")) {
            assertThatThrownBy(() -> store.list(prefix, info -> { })).as("list %s", prefix)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static final List<String> INVALID_KEYS = Arrays.asList(
            null, "", ".", "..", "../escape", "a/../../escape", "a/..", "a/./b", "/absolute", "/",
            "a\\b", "..\\escape", "a//b", "a/", "nul\0byte");

    // --- the store itself --------------------------------------------------------------------------

    @Test
    void storeExistsOnceItHoldsAnObjectAndStaysAfterTheLastIsDeleted() throws Exception {
        save("only/object", bytes("x"));
        assertThat(store.exists()).isTrue();

        store.delete("only/object");

        assertThat(store.exists()).isTrue();
        assertThat(listKeys("")).isEmpty();
    }

    @Test
    void missingStoreDoesNotExist() throws Exception {
        ObjectStore missing = newMissingStore();

        assertThat(missing.exists()).isFalse();
        assertThat(missing.location()).isNotBlank();
        assertThatThrownBy(() -> missing.load("any/key")).isInstanceOf(IOException.class);
    }

    @Test
    void locationIsNotBlank() {
        assertThat(store.location()).isNotBlank();
    }

    // --- helpers -----------------------------------------------------------------------------------

    /** Saves {@code content} under {@code key}. */
    protected final void save(String key, byte[] content) throws IOException {
        store.save(key, new ByteArrayInputStream(content));
    }

    /** Loads the whole object at {@code key}. */
    protected final byte[] load(String key) throws IOException {
        return readAll(store.load(key));
    }

    /** Every object under {@code prefix}, as reported, duplicates included. */
    protected final List<ObjectInfo> list(String prefix) throws IOException {
        List<ObjectInfo> infos = new ArrayList<>();
        store.list(prefix, infos::add);
        return infos;
    }

    /** Every key under {@code prefix}, as reported, duplicates included. */
    protected final List<String> listKeys(String prefix) throws IOException {
        return list(prefix).stream().map(ObjectInfo::key).toList();
    }

    private void saveAll(String... keys) throws IOException {
        for (String key : keys) {
            save(key, bytes(key));
        }
    }

    private void saveConcurrently(List<String> keys) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Void>> saves = new ArrayList<>();
            for (String key : keys) {
                saves.add(() -> {
                    save(key, bytes(key));
                    return null;
                });
            }
            for (Future<Void> done : pool.invokeAll(saves)) {
                done.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JVM has SHA-256", e);
        }
    }

    /** Remembers whether anyone read or closed it. */
    private static final class TrackingInputStream extends FilterInputStream {
        volatile boolean touched;
        volatile boolean closed;

        TrackingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            touched = true;
            return super.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            touched = true;
            return super.read(b, off, len);
        }

        @Override
        public void close() throws IOException {
            closed = true;
            super.close();
        }
    }

    /** Runs {@code callback} once, when the store has read {@code after} bytes: a save in progress. */
    private static final class CallbackInputStream extends FilterInputStream {
        private final long after;
        private final Runnable callback;
        private long position;
        private boolean called;

        CallbackInputStream(InputStream in, long after, Runnable callback) {
            super(in);
            this.after = after;
            this.callback = callback;
        }

        @Override
        public int read() throws IOException {
            maybeCall();
            int b = super.read();
            if (b >= 0) {
                position++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            maybeCall();
            // Stop at the threshold so the callback runs with exactly the bytes before it consumed.
            int limit = position < after ? (int) Math.min(len, after - position) : len;
            int n = super.read(b, off, limit);
            if (n > 0) {
                position += n;
            }
            return n;
        }

        private void maybeCall() {
            if (!called && position >= after) {
                called = true;
                callback.run();
            }
        }
    }
}
