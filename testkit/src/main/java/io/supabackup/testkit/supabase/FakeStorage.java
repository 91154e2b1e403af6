package io.supabackup.testkit.supabase;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The Storage half of the fake project: buckets and objects, the switches that make it behave like other
 * server versions, and the test-side API to seed and inspect it (which bypasses HTTP, key checks and faults).
 */
public final class FakeStorage {
    /**
     * Postgres sorts object names with {@code COLLATE "C"}, i.e. by UTF-8 bytes; code point order is the same
     * order, unlike {@link String#compareTo} for characters outside the BMP.
     */
    static final Comparator<String> NAME_ORDER = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    };

    /** Upstream's key rule (src/storage/limits.ts): S3-safe ASCII only, so no unicode and no {@code %}. */
    private static final Pattern UPSTREAM_KEY = Pattern.compile("^(\\w|/|!|-|\\.|\\*|'|\\(|\\)| |&|\\$|@|=|;|:|\\+|,|\\?)*$");

    /** How an older server answers list-v2. */
    public enum ListV2Absence {
        /** Multi-tenant server whose tenant lacks the search-v2 migration: HTTP 400 {@code {"message":"This feature is not available for your tenant"}}. */
        TENANT_NOT_MIGRATED,
        /** Server that predates the route: Fastify's HTTP 404 {@code {"message":"Route POST:... not found","error":"Not Found","statusCode":404}}. */
        ROUTE_MISSING
    }

    final BlobStore blobs;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final Map<String, ConcurrentSkipListMap<String, StoredObject>> objects = new ConcurrentHashMap<>();

    private volatile ListV2Absence listV2Absence;
    private volatile boolean strictKeys;
    private volatile long globalFileSizeLimit = Long.MAX_VALUE;
    private volatile UnaryOperator<String> contentTypeNormaliser = FakeStorage::defaultNormalise;

    FakeStorage(BlobStore blobs) {
        this.blobs = blobs;
    }

    // ---- switches -------------------------------------------------------------------------------------

    /** Makes {@code POST /object/list-v2/...} fail as on a server without it, so clients must fall back to {@code /object/list}. */
    public FakeStorage disableListV2() {
        return disableListV2(ListV2Absence.TENANT_NOT_MIGRATED);
    }

    public FakeStorage disableListV2(ListV2Absence how) {
        this.listV2Absence = how;
        return this;
    }

    public FakeStorage enableListV2() {
        this.listV2Absence = null;
        return this;
    }

    ListV2Absence listV2Absence() {
        return listV2Absence;
    }

    /**
     * With {@code true}, the REST API refuses object names outside upstream's S3-safe character set (unicode,
     * {@code %}, …) with {@code InvalidKey}, as the real service does; objects seeded through this API (as the
     * S3 protocol or SQL could create them) are still listed. Default {@code false}: any name works.
     */
    public FakeStorage strictObjectKeys(boolean strict) {
        this.strictKeys = strict;
        return this;
    }

    boolean acceptsKey(String name) {
        return !name.isEmpty() && (!strictKeys || UPSTREAM_KEY.matcher(name).matches());
    }

    /** The project-wide upload limit (hosted plans have one); bucket limits apply on top. Default: none. */
    public FakeStorage globalFileSizeLimit(long bytes) {
        this.globalFileSizeLimit = bytes;
        return this;
    }

    long uploadLimit(Bucket bucket) {
        long limit = globalFileSizeLimit;
        if (bucket.fileSizeLimit() != null && bucket.fileSizeLimit() > 0) {
            limit = Math.min(limit, bucket.fileSizeLimit());
        }
        return limit;
    }

    /**
     * How a download's Content-Type is derived from the stored {@code metadata.mimetype}. The default does what
     * upstream's renderer does ({@code text/html} → {@code text/plain}), adds {@code ;charset=UTF-8} to other
     * {@code text/*} types as a CDN would, and answers {@code application/octet-stream} for types without a slash.
     */
    public FakeStorage contentTypeNormaliser(UnaryOperator<String> normaliser) {
        this.contentTypeNormaliser = normaliser;
        return this;
    }

    String normaliseContentType(String stored) {
        return contentTypeNormaliser.apply(stored);
    }

    private static String defaultNormalise(String type) {
        if (type == null || !type.contains("/")) {
            return "application/octet-stream";
        }
        if (type.contains("text/html")) {
            return "text/plain";
        }
        if (type.startsWith("text/") && !type.toLowerCase(java.util.Locale.ROOT).contains("charset")) {
            return type + ";charset=UTF-8";
        }
        return type;
    }

    // ---- test-side API --------------------------------------------------------------------------------

    public Bucket createBucket(String id) {
        return createBucket(BucketSpec.named(id));
    }

    /** Creates (or replaces) a bucket directly. */
    public Bucket createBucket(BucketSpec spec) {
        Instant now = now();
        Bucket bucket = new Bucket(spec.id, spec.name, null, spec.isPublic, spec.fileSizeLimit, spec.allowedMimeTypes,
                now, now);
        buckets.put(bucket.id(), bucket);
        objects.computeIfAbsent(bucket.id(), id -> new ConcurrentSkipListMap<>(NAME_ORDER));
        return bucket;
    }

    public List<Bucket> buckets() {
        List<Bucket> result = new ArrayList<>(buckets.values());
        result.sort(Comparator.comparing(Bucket::id, NAME_ORDER));
        return result;
    }

    public Optional<Bucket> bucket(String id) {
        return Optional.ofNullable(buckets.get(id));
    }

    /** Stores an object directly (no limits, no key rules), overwriting any existing one. */
    public StoredObject putObject(String bucket, String name, byte[] bytes, String contentType, String cacheControl,
                                  String userMetadataJson) {
        return putObject(bucket, name, new ByteArrayInputStream(bytes), contentType, cacheControl, userMetadataJson);
    }

    /** Streams the content in, so a disk-backed fake can seed files larger than the heap. */
    public StoredObject putObject(String bucket, String name, InputStream content, String contentType,
                                  String cacheControl, String userMetadataJson) {
        requireBucket(bucket);
        BlobStore.Writer writer = blobs.newWriter();
        try {
            writer.append(content, Long.MAX_VALUE);
            return commit(bucket, name, writer.finish(), contentType, cacheControl, userMetadataJson, true);
        } catch (IOException e) {
            writer.discard();
            throw new UncheckedIOException(e);
        }
    }

    public StoredObject object(String bucket, String name) {
        return findObject(bucket, name)
                .orElseThrow(() -> new NoSuchElementException("no object " + bucket + "/" + name));
    }

    public Optional<StoredObject> findObject(String bucket, String name) {
        Map<String, StoredObject> inBucket = objects.get(bucket);
        return Optional.ofNullable(inBucket == null ? null : inBucket.get(name));
    }

    /** The bucket's objects in name order. */
    public List<StoredObject> objects(String bucket) {
        return List.copyOf(requireObjects(bucket).values());
    }

    public boolean deleteObject(String bucket, String name) {
        StoredObject removed = requireObjects(bucket).remove(name);
        if (removed != null) {
            removed.blob.delete();
        }
        return removed != null;
    }

    // ---- used by the HTTP side ------------------------------------------------------------------------

    /** Thrown by {@link #commit} when the key exists and the caller did not ask to overwrite. */
    static final class AlreadyExists extends Exception {
        AlreadyExists() {
            super(null, null, false, false);
        }
    }

    ConcurrentSkipListMap<String, StoredObject> requireObjects(String bucket) {
        ConcurrentSkipListMap<String, StoredObject> inBucket = objects.get(bucket);
        if (inBucket == null) {
            throw new NoSuchElementException("no bucket " + bucket);
        }
        return inBucket;
    }

    private void requireBucket(String bucket) {
        if (!buckets.containsKey(bucket)) {
            throw new NoSuchElementException("no bucket " + bucket + "; create it first");
        }
    }

    /** Adds a bucket unless its id is taken; {@code false} when it is. */
    boolean addBucket(Bucket bucket) {
        if (buckets.putIfAbsent(bucket.id(), bucket) != null) {
            return false;
        }
        objects.computeIfAbsent(bucket.id(), id -> new ConcurrentSkipListMap<>(NAME_ORDER));
        return true;
    }

    StoredObject commitUpload(String bucket, String name, BlobStore.Blob blob, String contentType, String cacheControl,
                              String userMetadataJson, boolean upsert) throws AlreadyExists {
        ConcurrentSkipListMap<String, StoredObject> inBucket = requireObjects(bucket);
        synchronized (inBucket) {
            StoredObject previous = inBucket.get(name);
            if (previous != null && !upsert) {
                blob.delete();
                throw new AlreadyExists();
            }
            Instant now = now();
            StoredObject stored = new StoredObject(bucket, name,
                    previous == null ? UUID.randomUUID().toString() : previous.id(), contentType, cacheControl,
                    userMetadataJson, previous == null ? now : previous.createdAt(), now, blob);
            inBucket.put(name, stored);
            if (previous != null) {
                previous.blob.delete();
            }
            return stored;
        }
    }

    private StoredObject commit(String bucket, String name, BlobStore.Blob blob, String contentType,
                                String cacheControl, String userMetadataJson, boolean upsert) {
        try {
            return commitUpload(bucket, name, blob, contentType, cacheControl, userMetadataJson, upsert);
        } catch (AlreadyExists e) {
            throw new IllegalStateException("unreachable: upsert", e);
        }
    }

    /** Timestamps as Postgres keeps them (microseconds), so JSON renders them the way upstream does. */
    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
