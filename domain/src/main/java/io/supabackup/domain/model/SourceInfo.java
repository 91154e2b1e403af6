package io.supabackup.domain.model;

import java.util.Objects;

/** What was backed up, described without secrets. */
public record SourceInfo(String database, String serverVersion, String dumpToolVersion) {
    public SourceInfo {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(serverVersion, "serverVersion");
        dumpToolVersion = dumpToolVersion == null ? "" : dumpToolVersion;
    }
}
