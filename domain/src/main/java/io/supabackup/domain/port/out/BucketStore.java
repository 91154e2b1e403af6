package io.supabackup.domain.port.out;

/**
 * The project's Supabase Storage: buckets with their settings, objects with their metadata.
 * Its operations arrive with the storage backup; the port exists so that wiring and use cases can name it.
 */
public interface BucketStore {
    /** Where the Storage API is, for messages: never holds the key. */
    String location();
}
