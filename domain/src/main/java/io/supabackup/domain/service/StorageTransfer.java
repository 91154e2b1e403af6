package io.supabackup.domain.service;

import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import io.supabackup.domain.model.Bucket;
import io.supabackup.domain.model.EntryKind;
import io.supabackup.domain.model.Manifest;
import io.supabackup.domain.model.ManifestEntry;
import io.supabackup.domain.model.StoredObject;
import io.supabackup.domain.port.out.BackupRepository.BackupReader;
import io.supabackup.domain.port.out.BackupRepository.BackupWriter;
import io.supabackup.domain.port.out.BucketStore;
import io.supabackup.domain.repository.Json;
import io.supabackup.domain.repository.ManifestCodec;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Storage files into and out of a backup. Files are stored once, content-addressed by the SHA-256 of
 * their bytes, and a per-backup index maps bucket/name to the blob and every piece of metadata. A file
 * whose eTag and size match the previous backup's index is not downloaded again.
 */
final class StorageTransfer {
    static final String BUCKETS_FILE = "storage/buckets.jsonl";
    static final String INDEX_FILE = "storage/index.jsonl";

    private StorageTransfer() {
    }

    /** What a storage backup moved, for progress and tests. */
    record Totals(long files, long downloaded, long bytes) {
    }

    /** One index line: the object as the API described it, and the blob that holds its bytes. */
    record IndexEntry(StoredObject object, ManifestEntry blob) {
        String key() {
            return object.bucketId() + "\u0000" + object.name();
        }
    }

    /**
     * Backs up every file of every bucket not excluded. Progress: bytes as they download, a file when it is
     * done (an unchanged one with its size, as nothing is left to do for it), the totals once listed.
     */
    static Totals backup(BucketStore store, BackupWriter writer, Map<String, IndexEntry> previous,
                         Set<String> excludedBuckets, int parallel, StepProgress progress) {
        return backup(store, writer, CompletableFuture.completedFuture(previous), excludedBuckets, parallel, progress);
    }

    /**
     * The same, with the previous index still being read: the buckets are listed meanwhile, and the stored
     * blobs too when an unchanged file may have to be looked up among them.
     */
    static Totals backup(BucketStore store, BackupWriter writer, CompletableFuture<Map<String, IndexEntry>> previousIndex,
                         Set<String> excludedBuckets, int parallel, StepProgress progress) {
        if (!previousIndex.isDone() || !previousIndex.join().isEmpty()) {
            writer.expectBlobChecks();
        }
        List<Bucket> buckets = store.buckets().stream().filter(b -> !excludedBuckets.contains(b.id())).toList();
        StringBuilder bucketLines = new StringBuilder();
        buckets.forEach(b -> bucketLines.append(Json.writeLine(bucketJson(b))));
        writer.put(BUCKETS_FILE, EntryKind.STORAGE_INDEX, new ByteArrayInputStream(
                bucketLines.toString().getBytes(StandardCharsets.UTF_8)), () -> Map.of("buckets",
                Integer.toString(buckets.size())));
        Map<String, IndexEntry> previous = previousIndex.join();
        ConcurrentLinkedQueue<IndexEntry> index = new ConcurrentLinkedQueue<>();
        AtomicLong downloaded = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(parallel, daemon("supabackup-storage-backup"));
        List<Future<?>> work = new ArrayList<>();
        long[] listedBytes = {0};
        Consumer<StoredObject> listed = object -> listedBytes[0] += object.size();
        try {
            for (Bucket bucket : buckets) {
                store.listObjects(bucket.id(), listed.andThen(object -> work.add(pool.submit(() -> {
                    IndexEntry before = previous.get(object.bucketId() + "\u0000" + object.name());
                    if (before != null && before.object().size() == object.size()
                            && object.eTag() != null && object.eTag().equals(before.object().eTag())
                            && writer.blobExists(blobName(before.blob()))) {
                        index.add(new IndexEntry(object.withUserMetadata(before.object().userMetadataJson()),
                                before.blob()));
                        progress.advanced(object.size(), 1);
                        return null;
                    }
                    String metadata = store.userMetadata(object.bucketId(), object.name()).orElse(null);
                    index.add(new IndexEntry(object.withUserMetadata(metadata), copy(store, writer, object, progress)));
                    downloaded.incrementAndGet();
                    bytes.addAndGet(object.size());
                    progress.advanced(0, 1);
                    return null;
                }))));
            }
            progress.expect(listedBytes[0], work.size());
            for (Future<?> future : work) {
                await(future);
            }
        } finally {
            pool.shutdownNow();
        }
        List<IndexEntry> sorted = new ArrayList<>(index);
        sorted.sort(Comparator.comparing(IndexEntry::key));
        StringBuilder lines = new StringBuilder();
        sorted.forEach(e -> lines.append(Json.writeLine(indexJson(e))));
        writer.put(INDEX_FILE, EntryKind.STORAGE_INDEX, new ByteArrayInputStream(
                lines.toString().getBytes(StandardCharsets.UTF_8)), () -> Map.of("objects",
                Integer.toString(sorted.size())));
        return new Totals(sorted.size(), downloaded.get(), bytes.get());
    }

    /** What a storage backup would move. */
    record Plan(int buckets, long files, long changed, long changedBytes) {
    }

    /** Lists what a backup would hold, and how much of it differs from the previous index, without downloading. */
    static Plan plan(BucketStore store, Map<String, IndexEntry> previous, Set<String> excludedBuckets) {
        List<Bucket> buckets = store.buckets().stream().filter(b -> !excludedBuckets.contains(b.id())).toList();
        long[] counts = new long[3];
        for (Bucket bucket : buckets) {
            store.listObjects(bucket.id(), object -> {
                counts[0]++;
                IndexEntry before = previous.get(object.bucketId() + "\u0000" + object.name());
                if (before == null || before.object().size() != object.size() || object.eTag() == null
                        || !object.eTag().equals(before.object().eTag())) {
                    counts[1]++;
                    counts[2] += object.size();
                }
            });
        }
        return new Plan(buckets.size(), counts[0], counts[1], counts[2]);
    }

    /** Downloads to a private temporary file while hashing, then stores it under its hash unless it is there. */
    private static ManifestEntry copy(BucketStore store, BackupWriter writer, StoredObject object,
                                      StepProgress progress) throws IOException {
        Path spool = Files.createTempFile("supabackup-object-", ".tmp");
        try {
            MessageDigest sha = sha256();
            try (InputStream in = new DigestInputStream(progress.counting(store.download(object.bucketId(),
                    object.name())), sha);
                 OutputStream out = Files.newOutputStream(spool)) {
                in.transferTo(out);
            }
            String name = HexFormat.of().formatHex(sha.digest());
            try (InputStream in = Files.newInputStream(spool)) {
                Optional<ManifestEntry> stored = writer.storedBlob(name);
                return stored.isPresent() ? stored.get() : writer.putBlob(name, in, object.contentType());
            }
        } finally {
            Files.deleteIfExists(spool);
        }
    }

    static String blobName(ManifestEntry blob) {
        String path = blob.path();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static void await(Future<?> future) {
        try {
            future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SupabackupException(FailureKind.INTERRUPTED, "the storage transfer was interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SupabackupException known) {
                throw known;
            }
            throw new SupabackupException(FailureKind.UNEXPECTED, "a storage transfer failed: " + cause.getMessage(),
                    null, cause);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> bucketJson(Bucket b) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", b.id());
        json.put("name", b.name());
        json.put("owner", b.owner());
        json.put("public", b.isPublic());
        json.put("type", b.type());
        json.put("fileSizeLimit", b.fileSizeLimit());
        json.put("allowedMimeTypes", b.allowedMimeTypes());
        json.put("createdAt", b.createdAt() == null ? null : b.createdAt().toString());
        json.put("updatedAt", b.updatedAt() == null ? null : b.updatedAt().toString());
        return json;
    }

    private static Map<String, Object> indexJson(IndexEntry e) {
        StoredObject o = e.object();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("bucket", o.bucketId());
        json.put("name", o.name());
        json.put("size", o.size());
        json.put("eTag", o.eTag());
        json.put("contentType", o.contentType());
        json.put("cacheControl", o.cacheControl());
        json.put("userMetadata", o.userMetadataJson());
        json.put("lastModified", o.lastModified() == null ? null : o.lastModified().toString());
        json.put("createdAt", o.createdAt() == null ? null : o.createdAt().toString());
        json.put("blob", ManifestCodec.entryJson(e.blob()));
        return json;
    }

    /** What a storage restore did. */
    record RestoreTotals(int bucketsCreated, long uploaded, long identical, long keptDifferent, long uploadedBytes) {
    }

    /**
     * Restores the files of the buckets not excluded. Progress: bytes as they upload, a file when it is done
     * (one left alone with its size), the totals once the index is read.
     */
    static RestoreTotals restore(BucketStore store, BackupReader reader, Manifest manifest, boolean overwrite,
                                 Set<String> excludedBuckets, int parallel, StepProgress progress) throws IOException {
        ManifestEntry bucketsEntry = manifest.entry(BUCKETS_FILE).orElseThrow(() -> missing(manifest, BUCKETS_FILE));
        ManifestEntry indexEntry = manifest.entry(INDEX_FILE).orElseThrow(() -> missing(manifest, INDEX_FILE));
        int created = 0;
        List<Bucket> buckets = new ArrayList<>();
        try (BufferedReader lines = lines(reader.open(bucketsEntry))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (!line.isBlank()) {
                    Bucket bucket = bucket(ManifestCodec.map(Json.parse(line), "bucket"));
                    if (!excludedBuckets.contains(bucket.id())) {
                        buckets.add(bucket);
                    }
                }
            }
        }
        Map<String, Map<String, StoredObject>> present = new ConcurrentHashMap<>();
        for (Bucket bucket : buckets) {
            if (store.createBucket(bucket)) {
                created++;
            }
            Map<String, StoredObject> objects = new ConcurrentHashMap<>();
            store.listObjects(bucket.id(), o -> objects.put(o.name(), o));
            present.put(bucket.id(), objects);
        }
        AtomicLong uploaded = new AtomicLong();
        AtomicLong identical = new AtomicLong();
        AtomicLong kept = new AtomicLong();
        AtomicLong uploadedBytes = new AtomicLong();
        long indexedBytes = 0;
        ExecutorService pool = Executors.newFixedThreadPool(parallel, daemon("supabackup-storage-restore"));
        List<Future<?>> work = new ArrayList<>();
        try (BufferedReader lines = lines(reader.open(indexEntry))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                IndexEntry entry = indexEntry(ManifestCodec.map(Json.parse(line), "index entry"));
                Map<String, StoredObject> objects = present.get(entry.object().bucketId());
                if (objects == null) {
                    continue;
                }
                indexedBytes += entry.object().size();
                work.add(pool.submit(() -> {
                    StoredObject there = objects.get(entry.object().name());
                    if (there != null) {
                        Optional<Boolean> same = sameContent(store, entry);
                        if (same.orElse(false)) {
                            identical.incrementAndGet();
                            progress.advanced(entry.object().size(), 1);
                            return null;
                        }
                        if (same.isPresent() && !overwrite) {
                            kept.incrementAndGet();
                            progress.advanced(entry.object().size(), 1);
                            return null;
                        }
                    }
                    try (InputStream content = progress.counting(reader.openBlob(entry.blob()))) {
                        store.upload(entry.object(), content, true);
                    }
                    uploaded.incrementAndGet();
                    uploadedBytes.addAndGet(entry.object().size());
                    progress.advanced(0, 1);
                    return null;
                }));
            }
            progress.expect(indexedBytes, work.size());
            for (Future<?> future : work) {
                await(future);
            }
        } finally {
            pool.shutdownNow();
        }
        return new RestoreTotals(created, uploaded.get(), identical.get(), kept.get(), uploadedBytes.get());
    }

    /**
     * Whether the target's bytes are the backup's: a listing only proves a row exists (a restored database
     * brings the rows, not the bytes), so the content is downloaded and hashed. Empty when it cannot be read.
     */
    private static Optional<Boolean> sameContent(BucketStore store, IndexEntry entry) {
        MessageDigest sha = sha256();
        try (InputStream in = new DigestInputStream(store.download(entry.object().bucketId(), entry.object().name()),
                sha)) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException | SupabackupException unreadable) {
            return Optional.empty();
        }
        return Optional.of(HexFormat.of().formatHex(sha.digest()).equals(entry.blob().plainSha256()));
    }

    private static BufferedReader lines(InputStream in) {
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }

    private static SupabackupException missing(Manifest manifest, String file) {
        return new SupabackupException(FailureKind.NOT_FOUND, "backup " + manifest.id() + " holds no Storage files ("
                + file + " is missing)", "back up with --project-url and the service role key, or restore --only db");
    }

    private static Bucket bucket(Map<String, Object> json) {
        List<String> types = null;
        if (json.get("allowedMimeTypes") instanceof List<?> list) {
            types = list.stream().map(String::valueOf).toList();
        }
        return new Bucket(text(json, "id"), text(json, "name"), text(json, "owner"),
                Boolean.TRUE.equals(json.get("public")), text(json, "type"),
                json.get("fileSizeLimit") instanceof Long limit ? limit : null, types, instant(json, "createdAt"),
                instant(json, "updatedAt"));
    }

    private static IndexEntry indexEntry(Map<String, Object> json) {
        StoredObject object = new StoredObject(text(json, "bucket"), text(json, "name"), (Long) json.get("size"),
                text(json, "eTag"), text(json, "contentType"), text(json, "cacheControl"), text(json, "userMetadata"),
                instant(json, "lastModified"), instant(json, "createdAt"));
        return new IndexEntry(object, ManifestCodec.entry(ManifestCodec.map(json.get("blob"), "blob")));
    }

    /** Reads a previous backup's index, so that unchanged files are not downloaded again. */
    static Map<String, IndexEntry> previousIndex(BackupReader reader) throws IOException {
        Map<String, IndexEntry> index = new ConcurrentHashMap<>();
        Optional<ManifestEntry> entry = reader.manifest().entry(INDEX_FILE);
        if (entry.isEmpty()) {
            return index;
        }
        try (BufferedReader lines = lines(reader.open(entry.get()))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (!line.isBlank()) {
                    IndexEntry e = indexEntry(ManifestCodec.map(Json.parse(line), "index entry"));
                    index.put(e.key(), e);
                }
            }
        }
        return index;
    }

    private static String text(Map<String, Object> json, String key) {
        Object value = json.get(key);
        return value == null ? null : String.valueOf(value);
    }

    private static Instant instant(Map<String, Object> json, String key) {
        Object value = json.get(key);
        return value == null ? null : Instant.parse(String.valueOf(value));
    }
}
