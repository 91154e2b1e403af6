package io.supabackup.domain.service;

import io.supabackup.domain.model.Bucket;
import io.supabackup.domain.model.StoredObject;
import io.supabackup.domain.port.out.BucketStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/** One bucket of files in memory, standing in for a project's Storage in the use cases' tests. */
final class MemoryBuckets implements BucketStore {
    static final String BUCKET = "files";
    final Map<String, byte[]> files = new TreeMap<>();

    MemoryBuckets put(String name, String content) {
        files.put(name, content.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    @Override
    public String location() {
        return "memory storage";
    }

    @Override
    public List<Bucket> buckets() {
        return List.of(new Bucket(BUCKET, BUCKET, null, false, "STANDARD", null, List.of(), Instant.EPOCH, Instant.EPOCH));
    }

    @Override
    public void listObjects(String bucketId, Consumer<StoredObject> consumer) {
        files.forEach((name, bytes) -> consumer.accept(new StoredObject(bucketId, name, bytes.length,
                "\"" + md5(bytes) + "\"", "text/plain", "max-age=60", null, Instant.EPOCH, Instant.EPOCH)));
    }

    @Override
    public Optional<String> userMetadata(String bucketId, String name) {
        return Optional.empty();
    }

    @Override
    public InputStream download(String bucketId, String name) {
        return new ByteArrayInputStream(files.get(name));
    }

    @Override
    public boolean createBucket(Bucket bucket) {
        return false;
    }

    @Override
    public boolean upload(StoredObject object, InputStream content, boolean overwrite) {
        try {
            files.put(object.name(), content.readAllBytes());
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String md5(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
