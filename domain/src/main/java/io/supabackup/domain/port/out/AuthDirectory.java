package io.supabackup.domain.port.out;

/**
 * The project's Auth users, read and written through the Auth admin API. Its operations arrive with the
 * auth backup; the port exists so that wiring and use cases can name it.
 */
public interface AuthDirectory {
    /** Where the Auth API is, for messages: never holds the key. */
    String location();
}
