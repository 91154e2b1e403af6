package io.supabackup.testkit.supabase;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StorageApiTest {
    private FakeSupabase supabase;
    private Client client;

    @BeforeEach
    void start() {
        supabase = FakeSupabase.start();
        client = new Client(supabase);
    }

    @AfterEach
    void stop() {
        supabase.close();
    }

    private HttpResponse<byte[]> upload(String method, String bucket, String key, byte[] bytes, String... headers) {
        HttpRequest.Builder builder = client.request("/storage/v1/object/" + bucket + "/" + Client.encodeKey(key))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(bytes));
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return client.send(builder.build());
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void createsBucketsAndAnswersDuplicatesWithA409InsideA400() {
        HttpResponse<byte[]> created = client.postJson("/storage/v1/bucket", Map.of("id", "avatars", "name", "avatars",
                "public", true, "file_size_limit", "2MB", "allowed_mime_types", List.of("image/*")));
        assertThat(created.statusCode()).isEqualTo(200);
        assertThat(Client.json(created).get("name").asText()).isEqualTo("avatars");

        HttpResponse<byte[]> duplicate = client.postJson("/storage/v1/bucket", Map.of("id", "avatars", "name", "avatars"));
        assertThat(duplicate.statusCode()).isEqualTo(400);
        JsonNode error = Client.json(duplicate);
        assertThat(error.get("statusCode").asText()).isEqualTo("409");
        assertThat(error.get("error").asText()).isEqualTo("Duplicate");
        assertThat(error.get("message").asText()).isEqualTo("The resource already exists");

        JsonNode bucket = Client.json(client.get("/storage/v1/bucket")).get(0);
        assertThat(bucket.get("id").asText()).isEqualTo("avatars");
        assertThat(bucket.get("public").asBoolean()).isTrue();
        assertThat(bucket.get("type").asText()).isEqualTo("STANDARD");
        assertThat(bucket.get("file_size_limit").asLong()).isEqualTo(2_000_000L);
        assertThat(bucket.get("allowed_mime_types").get(0).asText()).isEqualTo("image/*");
        assertThat(bucket.has("created_at")).isTrue();
        assertThat(Client.json(client.get("/storage/v1/bucket/avatars")).get("name").asText()).isEqualTo("avatars");
        assertThat(Client.json(client.get("/storage/v1/bucket/nope")).get("statusCode").asText()).isEqualTo("404");
    }

    @Test
    void uploadKeepsTypeCacheControlAndUserMetadataAndInfoReturnsThem() {
        supabase.storage().createBucket("docs");
        String key = "reports/2024 Q1/naïve 100% ✓.txt";
        HttpResponse<byte[]> response = upload("POST", "docs", key, "hello".getBytes(StandardCharsets.UTF_8),
                "Content-Type", "text/plain", "Cache-Control", "max-age=3600", "x-metadata", b64("{\"owner\":\"ann\"}"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Client.json(response).get("Key").asText()).isEqualTo("docs/" + key);

        StoredObject stored = supabase.storage().object("docs", key);
        assertThat(stored.bytes()).isEqualTo("hello".getBytes(StandardCharsets.UTF_8));
        assertThat(stored.contentType()).isEqualTo("text/plain");
        assertThat(stored.cacheControl()).isEqualTo("max-age=3600");
        assertThat(stored.userMetadata().get("owner").asText()).isEqualTo("ann");
        assertThat(stored.eTag()).isEqualTo("\"5d41402abc4b2a76b9719d911017c592\"");

        JsonNode info = Client.json(client.get("/storage/v1/object/info/docs/" + Client.encodeKey(key)));
        assertThat(info.get("name").asText()).isEqualTo(key);
        assertThat(info.get("size").asLong()).isEqualTo(5);
        assertThat(info.get("content_type").asText()).isEqualTo("text/plain");
        assertThat(info.get("cache_control").asText()).isEqualTo("max-age=3600");
        assertThat(info.get("etag").asText()).isEqualTo(stored.eTag());
        assertThat(info.get("metadata").get("owner").asText()).isEqualTo("ann");
        assertThat(info.has("last_modified")).isTrue();
        JsonNode authenticated = Client.json(client.get("/storage/v1/object/info/authenticated/docs/" + Client.encodeKey(key)));
        assertThat(authenticated.get("id").asText()).isEqualTo(stored.id());
    }

    @Test
    void existingKeyNeedsUpsertAndUpsertKeepsTheId() {
        supabase.storage().createBucket("docs");
        assertThat(upload("POST", "docs", "a.bin", new byte[] {1}).statusCode()).isEqualTo(200);
        String id = supabase.storage().object("docs", "a.bin").id();

        HttpResponse<byte[]> duplicate = upload("POST", "docs", "a.bin", new byte[] {2});
        assertThat(duplicate.statusCode()).isEqualTo(400);
        assertThat(Client.json(duplicate).get("statusCode").asText()).isEqualTo("409");
        assertThat(Client.json(duplicate).get("error").asText()).isEqualTo("Duplicate");

        assertThat(upload("POST", "docs", "a.bin", new byte[] {3}, "x-upsert", "true").statusCode()).isEqualTo(200);
        assertThat(supabase.storage().object("docs", "a.bin").bytes()).containsExactly(3);
        assertThat(supabase.storage().object("docs", "a.bin").id()).isEqualTo(id);
        assertThat(supabase.storage().object("docs", "a.bin").cacheControl()).isEqualTo("no-cache");
        assertThat(upload("PUT", "docs", "a.bin", new byte[] {4}).statusCode()).isEqualTo(200);
        assertThat(supabase.storage().object("docs", "a.bin").bytes()).containsExactly(4);
    }

    @Test
    void bucketLimitsAreEnforcedWithUpstreamShapes() {
        supabase.storage().createBucket(BucketSpec.named("imgs").fileSizeLimit(10L).allowedMimeTypes("image/*", "text/plain"));
        JsonNode tooLarge = Client.json(upload("POST", "imgs", "big.png", new byte[11], "Content-Type", "image/png"));
        assertThat(tooLarge.get("statusCode").asText()).isEqualTo("413");
        assertThat(tooLarge.get("error").asText()).isEqualTo("Payload too large");

        JsonNode wrongType = Client.json(upload("POST", "imgs", "a.pdf", new byte[1], "Content-Type", "application/pdf"));
        assertThat(wrongType.get("statusCode").asText()).isEqualTo("415");
        assertThat(wrongType.get("error").asText()).isEqualTo("invalid_mime_type");
        // Upstream compares the text after '/', parameters included, so this is refused too.
        assertThat(Client.json(upload("POST", "imgs", "a.txt", new byte[1], "Content-Type", "text/plain;charset=UTF-8"))
                .get("statusCode").asText()).isEqualTo("415");
        assertThat(upload("POST", "imgs", "ok.png", new byte[10], "Content-Type", "image/png").statusCode()).isEqualTo(200);
    }

    @Test
    void strictKeysRefuseWhatUpstreamRefusesButListingStillShowsSeededNames() {
        supabase.storage().createBucket("docs").id();
        supabase.storage().strictObjectKeys(true);
        supabase.storage().putObject("docs", "ünïcode.txt", new byte[] {1}, "text/plain", "no-cache", null);
        JsonNode refused = Client.json(upload("POST", "docs", "100%.txt", new byte[] {1}));
        assertThat(refused.get("code").asText()).isEqualTo("InvalidKey");
        assertThat(Client.json(client.postJson("/storage/v1/object/list-v2/docs", Map.of())).get("objects").get(0)
                .get("name").asText()).isEqualTo("ünïcode.txt");
        assertThat(Client.json(client.get("/storage/v1/object/authenticated/docs/" + Client.encodeKey("ünïcode.txt")))
                .get("code").asText()).isEqualTo("InvalidKey");
    }

    @Test
    void listV2PagesTheWholeBucketFlatWithACursor() {
        supabase.storage().createBucket("many");
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 1234; i++) {
            String key = "d" + (i % 7) + "/sub" + (i % 3) + "/file-" + i + ".txt";
            supabase.storage().putObject("many", key, new byte[] {(byte) i}, "text/plain", "no-cache",
                    i % 2 == 0 ? "{\"i\":" + i + "}" : null);
            expected.add(key);
        }
        expected.sort(FakeStorage.NAME_ORDER);
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Map<String, Object> body = cursor == null ? Map.of() : Map.of("cursor", cursor, "limit", 5000);
            JsonNode page = Client.json(client.postJson("/storage/v1/object/list-v2/many", body));
            pages++;
            assertThat(page.get("folders")).isEmpty();
            for (JsonNode object : page.get("objects")) {
                seen.add(object.get("name").asText());
                JsonNode metadata = object.get("metadata");
                assertThat(metadata.get("eTag").asText()).startsWith("\"").endsWith("\"");
                assertThat(metadata.get("size").asLong()).isEqualTo(1);
                assertThat(metadata.get("mimetype").asText()).isEqualTo("text/plain");
                assertThat(metadata.has("cacheControl") && metadata.has("lastModified")
                        && metadata.has("contentLength")).isTrue();
                assertThat(object.has("user_metadata")).isFalse();
            }
            cursor = page.get("hasNext").asBoolean() ? page.get("nextCursor").asText() : null;
            assertThat(page.has("nextCursor")).isEqualTo(cursor != null);
        } while (cursor != null && pages < 10);
        assertThat(pages).isEqualTo(2);
        assertThat(seen).containsExactlyElementsOf(expected);
    }

    @Test
    void withListV2DisabledTheOldListWalksOneFolderLevelAtATime() {
        supabase.storage().createBucket("tree");
        List<String> keys = List.of("top.txt", "a/one.txt", "a/b/two.txt", "a/b/c/three.txt", "z/four.txt");
        for (String key : keys) {
            supabase.storage().putObject("tree", key, new byte[] {1, 2}, "text/plain", "no-cache", null);
        }
        supabase.storage().disableListV2();
        HttpResponse<byte[]> refused = client.postJson("/storage/v1/object/list-v2/tree", Map.of());
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(Client.json(refused).get("message").asText()).isEqualTo("This feature is not available for your tenant");
        supabase.storage().disableListV2(FakeStorage.ListV2Absence.ROUTE_MISSING);
        assertThat(client.postJson("/storage/v1/object/list-v2/tree", Map.of()).statusCode()).isEqualTo(404);

        JsonNode root = Client.json(client.postJson("/storage/v1/object/list/tree", Map.of("prefix", "", "limit", 1000,
                "offset", 0, "sortBy", Map.of("column", "name", "order", "asc"))));
        assertThat(root).hasSize(3);
        assertThat(root.get(0).get("name").asText()).isEqualTo("a");
        assertThat(root.get(0).get("id").isNull()).isTrue();
        assertThat(root.get(0).get("metadata").isNull()).isTrue();
        assertThat(root.get(1).get("name").asText()).isEqualTo("top.txt");
        assertThat(root.get(1).get("metadata").get("size").asLong()).isEqualTo(2);
        assertThat(root.get(2).get("name").asText()).isEqualTo("z");

        // A depth-first walk, one request per folder and page, finds every key.
        List<String> found = new ArrayList<>();
        List<String> folders = new ArrayList<>(List.of(""));
        int requests = 0;
        while (!folders.isEmpty() && requests < 50) {
            String prefix = folders.remove(0);
            for (int offset = 0; ; offset += 2) {
                JsonNode page = Client.json(client.postJson("/storage/v1/object/list/tree",
                        Map.of("prefix", prefix, "limit", 2, "offset", offset)));
                requests++;
                for (JsonNode entry : page) {
                    String name = prefix + entry.get("name").asText();
                    if (entry.get("id").isNull()) {
                        folders.add(name + "/");
                    } else {
                        found.add(name);
                    }
                }
                if (page.size() < 2) {
                    break;
                }
            }
        }
        assertThat(found).containsExactlyInAnyOrderElementsOf(keys);
    }

    @Test
    void downloadHonoursRangeAndNormalisesContentTypeButNotMetadata() {
        supabase.storage().createBucket("docs");
        byte[] content = new byte[1000];
        new Random(1).nextBytes(content);
        supabase.storage().putObject("docs", "page.html", content, "text/html", "max-age=60", null);
        supabase.storage().putObject("docs", "notes.txt", "hi".getBytes(StandardCharsets.UTF_8), "text/plain", "no-cache", null);

        HttpResponse<byte[]> whole = client.get("/storage/v1/object/authenticated/docs/page.html");
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(content);
        assertThat(whole.headers().firstValue("Content-Type")).hasValue("text/plain");
        assertThat(whole.headers().firstValue("ETag")).hasValue(supabase.storage().object("docs", "page.html").eTag());
        assertThat(whole.headers().firstValue("Cache-Control")).hasValue("max-age=60");
        assertThat(client.get("/storage/v1/object/authenticated/docs/notes.txt").headers().firstValue("Content-Type"))
                .hasValue("text/plain;charset=UTF-8");
        JsonNode listed = Client.json(client.postJson("/storage/v1/object/list-v2/docs", Map.of()));
        assertThat(listed.get("objects").get(1).get("metadata").get("mimetype").asText()).isEqualTo("text/html");

        HttpResponse<byte[]> part = client.send(client.request("/storage/v1/object/authenticated/docs/page.html")
                .header("Range", "bytes=100-199").GET().build());
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.headers().firstValue("Content-Range")).hasValue("bytes 100-199/1000");
        assertThat(part.body()).isEqualTo(java.util.Arrays.copyOfRange(content, 100, 200));
        HttpResponse<byte[]> tail = client.send(client.request("/storage/v1/object/authenticated/docs/page.html")
                .header("Range", "bytes=900-").GET().build());
        assertThat(tail.body()).isEqualTo(java.util.Arrays.copyOfRange(content, 900, 1000));
        HttpResponse<byte[]> beyond = client.send(client.request("/storage/v1/object/authenticated/docs/page.html")
                .header("Range", "bytes=5000-").GET().build());
        assertThat(Client.json(beyond).get("statusCode").asText()).isEqualTo("416");
    }

    @Test
    void missingObjectIsA404InsideA400() {
        supabase.storage().createBucket("docs");
        HttpResponse<byte[]> missing = client.get("/storage/v1/object/authenticated/docs/nope.txt");
        assertThat(missing.statusCode()).isEqualTo(400);
        JsonNode body = Client.json(missing);
        assertThat(body.get("statusCode").asText()).isEqualTo("404");
        assertThat(body.get("error").asText()).isEqualTo("not_found");
        assertThat(body.get("code").asText()).isEqualTo("NoSuchKey");
        assertThat(body.get("message").asText()).isEqualTo("Object not found");
        assertThat(Client.json(client.get("/storage/v1/object/authenticated/nobucket/x")).get("error").asText())
                .isEqualTo("Bucket not found");
    }

    @Test
    void fiftyMegabyteObjectsRoundTripThroughTheHeapStore() throws Exception {
        supabase.storage().createBucket("big");
        byte[] content = new byte[50 * 1024 * 1024];
        new Random(7).nextBytes(content);
        assertThat(upload("POST", "big", "video.bin", content, "Content-Type", "video/mp4").statusCode()).isEqualTo(200);
        HttpResponse<java.io.InputStream> download = client.http.send(
                client.request("/storage/v1/object/authenticated/big/video.bin").GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        java.security.MessageDigest sent = java.security.MessageDigest.getInstance("SHA-256");
        java.security.MessageDigest received = java.security.MessageDigest.getInstance("SHA-256");
        sent.update(content);
        try (java.io.InputStream in = download.body()) {
            byte[] buffer = new byte[1 << 16];
            int n;
            long total = 0;
            while ((n = in.read(buffer)) > 0) {
                received.update(buffer, 0, n);
                total += n;
            }
            assertThat(total).isEqualTo(content.length);
        }
        assertThat(received.digest()).isEqualTo(sent.digest());
    }
}
