package io.supabackup.domain.model;

import java.util.Objects;

/**
 * What a database server told us before any work starts.
 *
 * @param serverVersion  the server's version, e.g. {@code 15.8}
 * @param serverMajor    its major version, e.g. {@code 15}
 * @param toolVersion    the version of the client tools chosen to talk to it, e.g. {@code 17.2}
 * @param userTables     how many tables the user schemas hold (the platform schemas are not counted)
 */
public record DatabaseInfo(String serverVersion, int serverMajor, String toolVersion, int userTables) {
    public DatabaseInfo {
        Objects.requireNonNull(serverVersion, "serverVersion");
        Objects.requireNonNull(toolVersion, "toolVersion");
    }
}
