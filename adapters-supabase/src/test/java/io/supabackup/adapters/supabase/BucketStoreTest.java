package io.supabackup.adapters.supabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import io.supabackup.domain.model.Bucket;
import io.supabackup.domain.model.StoredObject;
import io.supabackup.testkit.supabase.BucketSpec;
import io.supabackup.testkit.supabase.FakeStorage;
import io.supabackup.testkit.supabase.FakeSupabase;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BucketStoreTest {
    private static FakeSupabase supabase;
    private SupabaseBucketStore store;

    @BeforeAll
    static void start() {
        supabase = FakeSupabase.start();
        supabase.storage().createBucket("many");
        for (int i = 0; i < 1234; i++) {
            String key = "d" + (i % 7) + "/sub" + (i % 3) + "/file-" + i + ".txt";
            supabase.storage().putObject("many", key, new byte[] {(byte) i, 1}, "text/plain", "max-age=60", null);
        }
        supabase.storage().putObject("many", "top level.txt", new byte[] {1}, "text/plain", "no-cache", null);
    }

    @AfterAll
    static void stop() {
        supabase.close();
    }

    @BeforeEach
    void client() {
        supabase.faults().clear();
        supabase.storage().enableListV2();
        store = new SupabaseBucketStore(new SupabaseHttp(TestConfigs.config(supabase)));
    }

    private static Map<String, StoredObject> list(SupabaseBucketStore store, String bucket) {
        Map<String, StoredObject> objects = new TreeMap<>();
        store.listObjects(bucket, o -> assertThat(objects.put(o.name(), o)).isNull());
        return objects;
    }

    private static byte[] read(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static StoredObject object(String bucket, String name, int size, String type, String cache, String meta) {
        return new StoredObject(bucket, name, size, null, type, cache, meta, null, null);
    }

    @Test
    void bucketsRoundTripWithAllSettingsAndDuplicatesAnswerFalse() {
        Bucket avatars = new Bucket("avatars-rt", "avatars-rt", null, true, "STANDARD", 2_000_000L,
                List.of("image/png", "image/*"), null, null);
        Bucket plain = new Bucket("plain-rt", null, null, false, null, null, null, null, null);
        assertThat(store.createBucket(avatars)).isTrue();
        assertThat(store.createBucket(plain)).isTrue();
        assertThat(store.createBucket(avatars)).isFalse();

        Map<String, Bucket> byId = new TreeMap<>();
        store.buckets().forEach(b -> byId.put(b.id(), b));
        Bucket listed = byId.get("avatars-rt");
        assertThat(listed.isPublic()).isTrue();
        assertThat(listed.fileSizeLimit()).isEqualTo(2_000_000L);
        assertThat(listed.allowedMimeTypes()).containsExactly("image/png", "image/*");
        assertThat(listed.type()).isEqualTo("STANDARD");
        assertThat(listed.createdAt()).isNotNull();
        assertThat(byId.get("plain-rt").isPublic()).isFalse();
        assertThat(byId.get("plain-rt").fileSizeLimit()).isNull();
        assertThat(byId.get("plain-rt").allowedMimeTypes()).isNull();
    }

    @Test
    void listsMoreThanAThousandObjectsWithListV2AndTheSameWithTheFolderFallback() {
        Map<String, StoredObject> v2 = list(store, "many");
        assertThat(v2).hasSize(1235);
        assertThat(supabase.requestCount("POST", "/storage/v1/object/list-v2/many")).isGreaterThanOrEqualTo(2);
        StoredObject one = v2.get("d1/sub1/file-1.txt");
        assertThat(one.size()).isEqualTo(2);
        assertThat(one.contentType()).isEqualTo("text/plain");
        assertThat(one.cacheControl()).isEqualTo("max-age=60");
        assertThat(one.eTag()).startsWith("\"").endsWith("\"");
        assertThat(one.lastModified()).isNotNull();
        assertThat(one.createdAt()).isNotNull();
        assertThat(one.userMetadataJson()).isNull();

        for (FakeStorage.ListV2Absence absence : FakeStorage.ListV2Absence.values()) {
            supabase.storage().disableListV2(absence);
            SupabaseBucketStore older = new SupabaseBucketStore(new SupabaseHttp(TestConfigs.config(supabase)));
            int before = supabase.requestCount("POST", "/storage/v1/object/list/many");
            Map<String, StoredObject> v1 = list(older, "many");
            assertThat(v1.keySet()).isEqualTo(v2.keySet());
            assertThat(v1.values()).usingRecursiveFieldByFieldElementComparator().containsExactlyElementsOf(v2.values());
            // root, 7 folders, 21 sub-folders: one call each, as no folder holds 1,000 entries
            assertThat(supabase.requestCount("POST", "/storage/v1/object/list/many") - before).isEqualTo(29);
        }
    }

    @Test
    void folderFallbackPagesFoldersOfMoreThanAThousandEntries() {
        supabase.storage().createBucket("flat");
        for (int i = 0; i < 1001; i++) {
            supabase.storage().putObject("flat", "dir/f" + i, new byte[0], "text/plain", "no-cache", null);
        }
        supabase.storage().disableListV2();
        assertThat(list(store, "flat")).hasSize(1001);
    }

    @Test
    void missingBucketIsNotFound() {
        assertThatThrownBy(() -> list(store, "nope")).isInstanceOfSatisfying(SupabackupException.class,
                e -> assertThat(e.kind()).isEqualTo(FailureKind.NOT_FOUND));
        assertThatThrownBy(() -> store.download("many", "missing.txt")).isInstanceOfSatisfying(
                SupabackupException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.NOT_FOUND));
    }

    @Test
    void userMetadataComesFromInfoAndIsEmptyWhenAbsent() {
        supabase.storage().createBucket("meta");
        supabase.storage().putObject("meta", "with.txt", new byte[] {1}, "text/plain", "no-cache", "{\"owner\":\"ann\",\"n\":1}");
        supabase.storage().putObject("meta", "without.txt", new byte[] {1}, "text/plain", "no-cache", null);
        supabase.storage().putObject("meta", "empty.txt", new byte[] {1}, "text/plain", "no-cache", "{}");
        assertThat(store.userMetadata("meta", "with.txt")).hasValue("{\"owner\":\"ann\",\"n\":1}");
        assertThat(store.userMetadata("meta", "without.txt")).isEmpty();
        assertThat(store.userMetadata("meta", "empty.txt")).isEmpty();
    }

    @Test
    void downloadGivesTheBytesWhileTheListingKeepsTheUploadedContentType() throws IOException {
        supabase.storage().createBucket("pages");
        byte[] html = random(5000, 1);
        supabase.storage().putObject("pages", "index.html", html, "text/html", "max-age=60", null);
        assertThat(read(store.download("pages", "index.html"))).isEqualTo(html);
        // The server answers text/plain for text/html; the listing still says what was uploaded.
        assertThat(list(store, "pages").get("index.html").contentType()).isEqualTo("text/html");
    }

    @Test
    void uploadKeepsTypeCacheControlAndMetadataAndHonoursOverwrite() throws IOException {
        supabase.storage().createBucket("up");
        byte[] first = "first".getBytes(StandardCharsets.UTF_8);
        StoredObject doc = object("up", "docs/a.json", first.length, "application/json", "max-age=3600", "{\"k\":\"v\"}");
        assertThat(store.upload(doc, new ByteArrayInputStream(first), false)).isTrue();
        var stored = supabase.storage().object("up", "docs/a.json");
        assertThat(stored.bytes()).isEqualTo(first);
        assertThat(stored.contentType()).isEqualTo("application/json");
        assertThat(stored.cacheControl()).isEqualTo("max-age=3600");
        assertThat(stored.userMetadata().get("k").asText()).isEqualTo("v");

        byte[] second = "second".getBytes(StandardCharsets.UTF_8);
        StoredObject again = object("up", "docs/a.json", second.length, "application/json", "max-age=3600", null);
        assertThat(store.upload(again, new ByteArrayInputStream(second), false)).isFalse();
        assertThat(supabase.storage().object("up", "docs/a.json").bytes()).isEqualTo(first);
        assertThat(store.upload(again, new ByteArrayInputStream(second), true)).isTrue();
        assertThat(supabase.storage().object("up", "docs/a.json").bytes()).isEqualTo(second);

        StoredObject empty = object("up", "empty", 0, null, null, null);
        assertThat(store.upload(empty, new ByteArrayInputStream(new byte[0]), false)).isTrue();
        assertThat(read(store.download("up", "empty"))).isEmpty();

        assertThatThrownBy(() -> store.upload(object("up", "short", 10, null, null, null),
                new ByteArrayInputStream(new byte[5]), true)).isInstanceOf(SupabackupException.class)
                .hasMessageContaining("ended after 5 bytes");
        assertThat(supabase.storage().findObject("up", "short")).isEmpty();
    }

    @Test
    void namesWithSpacesUnicodeAndPercentRoundTrip() throws IOException {
        supabase.storage().createBucket("names");
        List<String> names = List.of("a b/c d.txt", "naïve/ünïcode ✓.txt", "100% sure/50%.txt", "q?x#y&z=1+2.txt");
        for (String name : names) {
            byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
            assertThat(store.upload(object("names", name, bytes.length, "text/plain", null, "{\"name\":\"" + name + "\"}"),
                    new ByteArrayInputStream(bytes), false)).isTrue();
        }
        Map<String, StoredObject> listed = list(store, "names");
        assertThat(listed.keySet()).containsExactlyInAnyOrderElementsOf(names);
        for (String name : names) {
            assertThat(read(store.download("names", name))).isEqualTo(name.getBytes(StandardCharsets.UTF_8));
            assertThat(store.userMetadata("names", name)).hasValue("{\"name\":\"" + name + "\"}");
        }
        supabase.storage().disableListV2();
        assertThat(list(new SupabaseBucketStore(new SupabaseHttp(TestConfigs.config(supabase))), "names").keySet())
                .containsExactlyInAnyOrderElementsOf(names);
    }

    @Test
    void largeFileGoesThroughTusInSixMegabyteChunks() throws IOException {
        supabase.storage().createBucket("big");
        byte[] content = random(20 * 1024 * 1024, 7);
        StoredObject big = object("big", "dump/video one.bin", content.length, "video/mp4", "max-age=600", "{\"tus\":true}");
        int patches = supabase.requestCount("PATCH", "/storage/v1/upload/resumable/");
        assertThat(store.upload(big, new ByteArrayInputStream(content), false)).isTrue();
        assertThat(supabase.requestCount("PATCH", "/storage/v1/upload/resumable/") - patches).isEqualTo(4);
        var stored = supabase.storage().object("big", "dump/video one.bin");
        assertThat(stored.bytes()).isEqualTo(content);
        assertThat(stored.contentType()).isEqualTo("video/mp4");
        assertThat(stored.cacheControl()).isEqualTo("max-age=600");
        assertThat(stored.userMetadata().get("tus").asBoolean()).isTrue();

        assertThat(store.upload(big, new ByteArrayInputStream(content), false)).isFalse();
        byte[] other = random(content.length, 8);
        assertThat(store.upload(big, new ByteArrayInputStream(other), true)).isTrue();
        assertThat(supabase.storage().object("big", "dump/video one.bin").bytes()).isEqualTo(other);
        assertThat(read(store.download("big", "dump/video one.bin"))).isEqualTo(other);
    }

    @Test
    void tusChunkFailuresResumeFromTheServersOffset() {
        supabase.storage().createBucket("tusfaults");
        byte[] content = random(13 * 1024 * 1024, 9);
        supabase.faults().forPath("/storage/v1/upload/resumable/").failNext(2, 503);
        supabase.faults().forPath("/storage/v1/upload/resumable/").dropConnections(0.3, 5);
        StoredObject big = object("tusfaults", "x.bin", content.length, null, null, null);
        assertThat(store.upload(big, new ByteArrayInputStream(content), true)).isTrue();
        assertThat(supabase.storage().object("tusfaults", "x.bin").bytes()).isEqualTo(content);
        assertThat(supabase.requestCount("HEAD", "/storage/v1/upload/resumable/")).isGreaterThanOrEqualTo(2);
    }

    @Test
    void withoutTusALargeFileIsStreamedInOneStandardUpload() {
        supabase.storage().createBucket("notus");
        supabase.faults().forPath("/storage/v1/upload/resumable").failAlways(404);
        byte[] content = random(20 * 1024 * 1024, 11);
        StoredObject big = object("notus", "big.bin", content.length, "application/zip", "max-age=60", null);
        int patches = supabase.requestCount("PATCH", "/storage/v1/upload/resumable");
        assertThat(store.upload(big, new ByteArrayInputStream(content), false)).isTrue();
        assertThat(supabase.requestCount("POST", "/storage/v1/object/notus/big.bin")).isEqualTo(1);
        assertThat(supabase.requestCount("PATCH", "/storage/v1/upload/resumable")).isEqualTo(patches);
        var stored = supabase.storage().object("notus", "big.bin");
        assertThat(stored.bytes()).isEqualTo(content);
        assertThat(stored.cacheControl()).isEqualTo("max-age=60");
    }

    @Test
    void listingSeesEveryUploadedName() {
        supabase.storage().createBucket("set");
        Set<String> expected = new HashSet<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            names.add("f/" + i);
        }
        for (String name : names) {
            store.upload(object("set", name, 1, null, null, null), new ByteArrayInputStream(new byte[] {1}), false);
            expected.add(name);
        }
        assertThat(list(store, "set").keySet()).isEqualTo(expected);
    }
}
