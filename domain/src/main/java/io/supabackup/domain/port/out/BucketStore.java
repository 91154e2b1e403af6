package io.supabackup.domain.port.out;

import io.supabackup.domain.model.Bucket;
import io.supabackup.domain.model.StoredObject;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The project's Supabase Storage: buckets with their settings, objects with their metadata. Failures
 * are {@link io.supabackup.domain.error.SupabackupException}s naming the problem and the fix (a refused
 * key, an unreachable project); transient ones have been retried already.
 */
public interface BucketStore {
    /** Where the Storage API is, for messages: never holds the key. */
    String location();

    /** Every bucket with all its settings. */
    List<Bucket> buckets();

    /** Every object of the bucket, flat and recursive, with full keys; user metadata is not filled in. */
    void listObjects(String bucketId, Consumer<StoredObject> consumer);

    /** The object's user metadata as a JSON object text, empty when it has none. */
    Optional<String> userMetadata(String bucketId, String name);

    /** Streams the object's bytes; the caller closes the stream. */
    InputStream download(String bucketId, String name);

    /** Creates the bucket with the same id and settings; false when a bucket with that id exists already. */
    boolean createBucket(Bucket bucket);

    /**
     * Uploads the object's bytes with its content type, cache control and user metadata; {@code content}
     * must yield exactly {@code object.size()} bytes, or the upload fails rather than store another file. With
     * {@code overwrite} an existing object is replaced; without it, an existing object is left alone and
     * the answer is false.
     */
    boolean upload(StoredObject object, InputStream content, boolean overwrite);
}
