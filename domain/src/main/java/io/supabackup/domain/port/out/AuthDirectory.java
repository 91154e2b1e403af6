package io.supabackup.domain.port.out;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * The project's Auth users through the Auth admin API. Users travel as JSON Lines, one user object per
 * line as the API returns it (identities included), so nothing the API knows is lost on the way.
 */
public interface AuthDirectory {
    /** Where the Auth API is, for messages: never holds the key. */
    String location();

    /**
     * How many users the project has, as the API's total says, reading one user at most: a cheap proof that the
     * key may use the Auth admin API. Empty when the API does not report a total.
     */
    OptionalLong countUsers();

    /** Streams every user, page by page until the API's total is reached, as JSON Lines. */
    void exportUsers(StreamConsumer jsonLines);

    /**
     * Creates every user of the JSON Lines with the same id, email, phone, confirmation state and
     * metadata, and with the password hash {@code passwordHashes} knows for its id (the database dump
     * carries them; the API never returns them). A user that exists already is left alone.
     */
    ImportReport importUsers(InputStream jsonLines, Function<String, Optional<String>> passwordHashes);

    /** What an import did. */
    record ImportReport(int created, int alreadyPresent, int withoutPassword, List<String> failures) {
        public ImportReport {
            failures = List.copyOf(failures);
        }
    }
}
