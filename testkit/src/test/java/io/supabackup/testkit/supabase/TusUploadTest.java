package io.supabackup.testkit.supabase;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TusUploadTest {
    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<byte[]> create(Client client, String bucket, String name, long length, boolean upsert,
                                               String cacheControl) {
        HttpRequest.Builder builder = client.request("/storage/v1/upload/resumable")
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Length", Long.toString(length))
                .header("Upload-Metadata", "bucketName " + b64(bucket) + ",objectName " + b64(name)
                        + ",contentType " + b64("application/x-tar") + ",cacheControl " + b64(cacheControl)
                        + ",metadata " + b64("{\"origin\":\"tus\"}"))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (upsert) {
            builder.header("x-upsert", "true");
        }
        return client.send(builder.build());
    }

    private static HttpResponse<byte[]> patch(Client client, String location, long offset, byte[] chunk, boolean upsert) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(location))
                .header("apikey", client.supabase.secretKey())
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Offset", Long.toString(offset))
                .header("Content-Type", "application/offset+octet-stream")
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(chunk));
        if (upsert) {
            builder.header("x-upsert", "true");
        }
        return client.send(builder.build());
    }

    private static long headOffset(Client client, String location) {
        HttpResponse<byte[]> head = client.send(HttpRequest.newBuilder(URI.create(location))
                .header("apikey", client.supabase.secretKey()).header("Tus-Resumable", "1.0.0")
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Cache-Control")).hasValue("no-store");
        return Long.parseLong(head.headers().firstValue("Upload-Offset").orElseThrow());
    }

    @Test
    void multiChunkUploadResumesFromTheReportedOffsetAndCompletesIntoAnObject() {
        try (FakeSupabase supabase = FakeSupabase.start()) {
            Client client = new Client(supabase);
            supabase.storage().createBucket("backups");
            byte[] content = new byte[6 * 1024 * 1024 * 2 + 12345];
            new Random(3).nextBytes(content);

            HttpResponse<byte[]> created = create(client, "backups", "dump/db.tar", content.length, false, "3600");
            assertThat(created.statusCode()).isEqualTo(201);
            assertThat(created.headers().firstValue("Tus-Resumable")).hasValue("1.0.0");
            String location = created.headers().firstValue("Location").orElseThrow();
            assertThat(location).startsWith(supabase.url() + "/storage/v1/upload/resumable/");
            String id = location.substring(location.lastIndexOf('/') + 1);
            assertThat(new String(Base64.getUrlDecoder().decode(id), StandardCharsets.UTF_8)).startsWith("backups/dump/db.tar/");

            int chunk = 6 * 1024 * 1024;
            long offset = headOffset(client, location);
            int rounds = 0;
            while (offset < content.length && rounds++ < 10) {
                byte[] part = Arrays.copyOfRange(content, (int) offset, (int) Math.min(content.length, offset + chunk));
                HttpResponse<byte[]> patched = patch(client, location, offset, part, false);
                assertThat(patched.statusCode()).isEqualTo(204);
                offset = Long.parseLong(patched.headers().firstValue("Upload-Offset").orElseThrow());
                assertThat(headOffset(client, location)).isEqualTo(offset);
            }
            assertThat(offset).isEqualTo(content.length);

            StoredObject stored = supabase.storage().object("backups", "dump/db.tar");
            assertThat(stored.bytes()).isEqualTo(content);
            assertThat(stored.contentType()).isEqualTo("application/x-tar");
            assertThat(stored.cacheControl()).isEqualTo("max-age=3600");
            assertThat(stored.userMetadata().get("origin").asText()).isEqualTo("tus");
        }
    }

    @Test
    void wrongOffsetConflictsAndExistingObjectsNeedUpsertOnEveryRequest() {
        try (FakeSupabase supabase = FakeSupabase.start()) {
            Client client = new Client(supabase);
            supabase.storage().createBucket("backups");
            supabase.storage().putObject("backups", "same.bin", new byte[] {9}, "application/octet-stream", "no-cache", null);

            HttpResponse<byte[]> refused = create(client, "backups", "same.bin", 4, false, "60");
            assertThat(refused.statusCode()).isEqualTo(409);
            assertThat(new String(refused.body(), StandardCharsets.UTF_8)).isEqualTo("The resource already exists");

            String location = create(client, "backups", "same.bin", 4, true, "max-age=60")
                    .headers().firstValue("Location").orElseThrow();
            assertThat(patch(client, location, 1, new byte[] {1}, true).statusCode()).isEqualTo(409);
            assertThat(patch(client, location, 0, new byte[] {1, 2}, true).statusCode()).isEqualTo(204);
            // The completing request lacks x-upsert, so upstream refuses to replace the object.
            assertThat(patch(client, location, 2, new byte[] {3, 4}, false).statusCode()).isEqualTo(409);
            assertThat(patch(client, location, 2, new byte[] {3, 4}, true).statusCode()).isEqualTo(204);
            StoredObject stored = supabase.storage().object("backups", "same.bin");
            assertThat(stored.bytes()).containsExactly(1, 2, 3, 4);
            // Only a number of seconds survives; "max-age=60" in the metadata becomes no-cache.
            assertThat(stored.cacheControl()).isEqualTo("no-cache");
        }
    }

    @Test
    void diskBackedFakeStreamsLargeObjectsThroughFiles(@TempDir Path dir) throws Exception {
        try (FakeSupabase supabase = FakeSupabase.start(dir)) {
            Client client = new Client(supabase);
            supabase.storage().createBucket("big");
            long size = 64L * 1024 * 1024;
            supabase.storage().putObject("big", "seeded.bin", new PatternStream(size), "application/octet-stream",
                    "no-cache", null);
            assertThat(dir.toFile().listFiles()).hasSize(1);

            HttpResponse<java.io.InputStream> download = client.http.send(
                    client.request("/storage/v1/object/authenticated/big/seeded.bin").GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            java.security.MessageDigest expected = java.security.MessageDigest.getInstance("MD5");
            try (java.io.InputStream in = new PatternStream(size)) {
                expected.update(in.readAllBytes());
            }
            java.security.MessageDigest actual = java.security.MessageDigest.getInstance("MD5");
            try (java.io.InputStream in = download.body()) {
                byte[] buffer = new byte[1 << 16];
                int n;
                while ((n = in.read(buffer)) > 0) {
                    actual.update(buffer, 0, n);
                }
            }
            String expectedHex = java.util.HexFormat.of().formatHex(expected.digest());
            assertThat(java.util.HexFormat.of().formatHex(actual.digest())).isEqualTo(expectedHex);
            assertThat(supabase.storage().object("big", "seeded.bin").md5Hex()).isEqualTo(expectedHex);
        }
        assertThat(dir.toFile().listFiles()).isEmpty();
    }

    /** Deterministic bytes without holding them. */
    private static final class PatternStream extends java.io.InputStream {
        private final long size;
        private long position;

        PatternStream(long size) {
            this.size = size;
        }

        @Override
        public int read() {
            return position < size ? (int) ((position++ * 31) & 0xff) : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position >= size) {
                return -1;
            }
            int n = (int) Math.min(len, size - position);
            for (int i = 0; i < n; i++) {
                b[off + i] = (byte) ((position++ * 31) & 0xff);
            }
            return n;
        }
    }
}
