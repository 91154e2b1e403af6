package io.supabackup.adapters.postgres;

import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import io.supabackup.domain.model.DatabaseEndpoint;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The Supabase reserved roles a plain PostgreSQL lacks and a Supabase-mode restore needs: the roles dump
 * leaves them out (the platform makes them), yet the schema dump grants to them and owns objects by them.
 * They are made without login and without privileges; only their names matter to a restore.
 */
final class ScratchRoles {
    /**
     * The reserved roles of a hosted project ({@link PlatformSchemas#RESERVED_ROLES} spelt out) that dumps refer to;
     * {@code postgres} too, which owns the user's objects in the schema dump and which a server set up by
     * someone else may not have.
     */
    static final List<String> NAMES = List.of("anon", "authenticated", "service_role", "authenticator",
            "dashboard_user", "pgbouncer", "postgres", "supabase_admin", "supabase_auth_admin",
            "supabase_storage_admin", "supabase_functions_admin", "supabase_replication_admin",
            "supabase_read_only_user", "supabase_realtime_admin", "pgsodium_keyholder", "pgsodium_keyiduser",
            "pgsodium_keymaker", "pgtle_admin");

    private static final String DUPLICATE_OBJECT = "42710";
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String INSUFFICIENT_PRIVILEGE = "42501";

    private ScratchRoles() {
    }

    /** Creates the missing ones; returns a warning for what could not be created (nothing else fails). */
    static List<String> create(DatabaseEndpoint server) {
        List<String> warnings = new ArrayList<>();
        try (Connection c = Connections.open(server)) {
            Set<String> existing = new HashSet<>();
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT rolname FROM pg_catalog.pg_roles WHERE rolname = ANY (?)")) {
                s.setArray(1, c.createArrayOf("text", NAMES.toArray()));
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        existing.add(rs.getString(1));
                    }
                }
            }
            List<String> refused = new ArrayList<>();
            String refusal = null;
            for (String role : NAMES) {
                if (existing.contains(role)) {
                    continue;
                }
                if (refusal != null) {
                    refused.add(role); // the others would be refused alike
                    continue;
                }
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE ROLE " + PlatformSchemaDump.quoteIdent(role) + " NOLOGIN");
                } catch (SQLException e) {
                    String state = e.getSQLState() == null ? "" : e.getSQLState();
                    String reason = Connections.scrub(e.getMessage(), server);
                    if (state.equals(INSUFFICIENT_PRIVILEGE)) {
                        refusal = reason;
                        refused.add(role);
                    } else if (!state.equals(DUPLICATE_OBJECT) && !state.equals(UNIQUE_VIOLATION)) {
                        warnings.add("cannot create the role " + role + ": " + reason);
                    }
                    // a duplicate was made meanwhile by someone else on the same server
                }
            }
            if (refusal != null) {
                warnings.add("cannot create the Supabase roles " + String.join(", ", refused) + " (" + refusal
                        + "); a restore that refers to them fails");
            }
        } catch (SQLException e) {
            throw new SupabackupException(FailureKind.DATABASE, "reading the roles of " + server.redacted()
                    + " failed: " + Connections.scrub(e.getMessage(), server), null, e);
        }
        return warnings;
    }
}
