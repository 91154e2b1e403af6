package io.supabackup.domain.model;

import java.util.Objects;

/**
 * What one short session tells about a database server, before any client tool is chosen.
 *
 * @param version    the server's version, e.g. {@code 15.8}
 * @param major      its major version, e.g. {@code 15}
 * @param user       the role the session logged in as
 * @param supabase   true when the database has the {@code auth} and {@code storage} schemas of a Supabase project
 * @param userTables how many tables the user schemas hold (the platform schemas are not counted)
 */
public record DatabaseServer(String version, int major, String user, boolean supabase, int userTables) {
    public DatabaseServer {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(user, "user");
    }
}
