package io.supabackup.cli.command;

import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** {@code --only db,storage,auth}: what a backup or a compare covers. */
final class Parts {
    private static final Set<String> KNOWN = Set.of("db", "storage", "auth");

    private Parts() {
    }

    /** The parts asked for; without {@code --only}, the database, plus storage and auth when the API is given. */
    static Set<String> parse(List<String> only, boolean apiGiven) {
        if (only == null || only.isEmpty()) {
            return apiGiven ? KNOWN : Set.of("db");
        }
        Set<String> parts = only.stream().map(p -> p.trim().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        for (String part : parts) {
            if (!KNOWN.contains(part)) {
                throw new SupabackupException(FailureKind.USAGE, "--only does not know '" + part + "'",
                        "use db, storage and auth, comma-separated");
            }
        }
        return parts;
    }
}
