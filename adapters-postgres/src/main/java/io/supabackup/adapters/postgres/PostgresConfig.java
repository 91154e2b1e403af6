package io.supabackup.adapters.postgres;

import io.supabackup.domain.model.DatabaseEndpoint;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where to look for the PostgreSQL client tools, and where restore drills get their scratch databases.
 *
 * @param pgBin                   a folder the user named explicitly; when present, only it is searched, so the
 *                                choice is never silently overridden by something else on the machine
 * @param extraSearchDirs         more folders searched before the standard ones (tests use this)
 * @param searchStandardLocations whether {@code PATH} and the usual install folders are searched too
 * @param drillServer             a server ({@code --drill-db-url}) whose user may CREATE DATABASE, to make scratch
 *                                databases on; empty: an embedded PostgreSQL 15 is started for each drill
 */
public record PostgresConfig(Optional<Path> pgBin, List<Path> extraSearchDirs, boolean searchStandardLocations,
                             Optional<DatabaseEndpoint> drillServer) {

    public PostgresConfig {
        Objects.requireNonNull(pgBin, "pgBin");
        extraSearchDirs = List.copyOf(extraSearchDirs);
        Objects.requireNonNull(drillServer, "drillServer");
    }

    /** Drills on an embedded PostgreSQL. */
    public PostgresConfig(Optional<Path> pgBin, List<Path> extraSearchDirs, boolean searchStandardLocations) {
        this(pgBin, extraSearchDirs, searchStandardLocations, Optional.empty());
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

    /** The same, with drills making their scratch databases on {@code server} (empty: embedded). */
    public PostgresConfig withDrillServer(Optional<DatabaseEndpoint> server) {
        return new PostgresConfig(pgBin, extraSearchDirs, searchStandardLocations, server);
    }
}
