package io.supabackup.domain.model;

import java.util.Objects;

/**
 * A PostgreSQL client program as a run would choose it on this machine.
 *
 * @param name    the program, e.g. {@code pg_dump}
 * @param path    where it was found
 * @param version the version it reports, e.g. {@code 17.2}
 * @param major   its major version, e.g. {@code 17}
 */
public record ClientTool(String name, String path, String version, int major) {
    public ClientTool {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(version, "version");
    }
}
