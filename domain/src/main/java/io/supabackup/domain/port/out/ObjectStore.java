package io.supabackup.domain.port.out;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A dumb blob store: opaque bytes under string keys. Keys are relative, {@code /}-separated paths
 * that {@link ObjectKeys#requireValid(String)} accepts. Format, encryption, retry and logging live
 * above this interface, never inside an adapter.
 */
public interface ObjectStore {

    /**
     * Stores everything {@code content} yields under {@code key}, replacing any object already there.
     * The write is atomic: a reader sees the old object or the whole new one, never a part. If reading
     * {@code content} fails, nothing is stored. The stream is read to its end but not closed.
     */
    void save(String key, InputStream content) throws IOException;

    /** Opens the object for reading; the caller closes the stream. */
    InputStream load(String key) throws IOException;

    /** The object's size and time, or empty when there is no object at {@code key}. */
    Optional<ObjectInfo> stat(String key) throws IOException;

    /** Calls {@code consumer} for every object whose key starts with {@code prefix}, in no particular order. */
    void list(String prefix, Consumer<ObjectInfo> consumer) throws IOException;

    /** Removes the object; removing a key that does not exist is not an error. */
    void delete(String key) throws IOException;

    /** True when the store itself exists (a directory, a bucket), whether or not it holds objects. */
    boolean exists() throws IOException;

    /** Where the store is, for messages: never holds a secret. */
    String location();
}
