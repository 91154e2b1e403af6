package io.supabackup.adapters.postgres;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where to look for the PostgreSQL client tools.
 *
 * @param pgBin                   a folder the user named explicitly; when present, only it is searched, so the
 *                                choice is never silently overridden by something else on the machine
 * @param extraSearchDirs         more folders searched before the standard ones (tests use this)
 * @param searchStandardLocations whether {@code PATH} and the usual install folders are searched too
 */
public record PostgresConfig(Optional<Path> pgBin, List<Path> extraSearchDirs, boolean searchStandardLocations) {

    public PostgresConfig {
        Objects.requireNonNull(pgBin, "pgBin");
        extraSearchDirs = List.copyOf(extraSearchDirs);
    }

    /** Searches {@code pgBin} if given, otherwise {@code PATH} and the usual install folders. */
    public PostgresConfig(Optional<Path> pgBin) {
        this(pgBin, List.of(), true);
    }

    public static PostgresConfig defaults() {
        return new PostgresConfig(Optional.empty());
    }

    /** Searches only the given folders: no {@code PATH}, no install folders. */
    public static PostgresConfig onlyIn(List<Path> dirs) {
        return new PostgresConfig(Optional.empty(), dirs, false);
    }
}
