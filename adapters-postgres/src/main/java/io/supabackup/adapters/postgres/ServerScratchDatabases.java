package io.supabackup.adapters.postgres;

import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import io.supabackup.domain.model.DatabaseEndpoint;
import io.supabackup.domain.port.out.ScratchDatabases;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scratch databases on a server the user names ({@code --drill-db-url}), as a role that may CREATE DATABASE:
 * each is a new {@code supabackup_drill_<random>} database, dropped on close after its leftover connections
 * are ended. Roles a drill creates are cluster-wide and stay.
 */
final class ServerScratchDatabases implements ScratchDatabases {
    private static final Logger LOG = LoggerFactory.getLogger(ServerScratchDatabases.class);
    static final String NAME_PREFIX = "supabackup_drill_";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String OBJECT_IN_USE = "55006";
    private static final String INVALID_PARAMETER_VALUE = "22023";
    private static final int DROP_ATTEMPTS = 5;

    private final DatabaseEndpoint server;

    ServerScratchDatabases(DatabaseEndpoint server) {
        this.server = Objects.requireNonNull(server, "server");
    }

    @Override
    public Scratch create(int serverMajor, String timeZone) {
        Objects.requireNonNull(timeZone, "timeZone");
        ServerProbe probe = ServerProbe.of(server);
        if (probe.major() < serverMajor) {
            throw new SupabackupException(FailureKind.USAGE,
                    "the drill server " + where() + " runs PostgreSQL " + probe.version()
                            + ", older than the PostgreSQL " + serverMajor + " the backup was taken from",
                    "pass --drill-db-url postgresql://… of a PostgreSQL " + serverMajor + " or newer server");
        }
        requireReplicaMode();
        byte[] random = new byte[6];
        RANDOM.nextBytes(random);
        String name = NAME_PREFIX + HexFormat.of().formatHex(random);
        try (Connection c = Connections.open(server); Statement s = c.createStatement()) {
            s.execute(createDatabase(name, false));
        } catch (SQLException e) {
            if (!INVALID_PARAMETER_VALUE.equals(e.getSQLState())) {
                throw createFailure(name, e);
            }
            // the server's locale does not go with UTF8; C goes with every encoding
            try (Connection c = Connections.open(server); Statement s = c.createStatement()) {
                s.execute(createDatabase(name, true));
            } catch (SQLException again) {
                throw createFailure(name, again);
            }
        }
        Dropped scratch = new Dropped(server, name);
        try {
            setTimeZone(server, name, timeZone);
        } catch (RuntimeException e) {
            scratch.close();
            throw e;
        }
        LOG.debug("created the scratch database {}", scratch.description());
        return scratch;
    }

    /**
     * The data dump starts with {@code SET session_replication_role = replica}, which only a superuser may run,
     * or since PostgreSQL 15 a role granted SET on it; better to say so now than after the schema went in.
     */
    private void requireReplicaMode() {
        try (Connection c = Connections.open(server); Statement s = c.createStatement()) {
            boolean superuser;
            int version;
            try (ResultSet rs = s.executeQuery("SELECT rolsuper, pg_catalog.current_setting('server_version_num')::int "
                    + "FROM pg_catalog.pg_roles WHERE rolname = current_user")) {
                rs.next();
                superuser = rs.getBoolean(1);
                version = rs.getInt(2);
            }
            if (superuser) {
                return;
            }
            if (version >= 150000) {
                try (ResultSet rs = s.executeQuery(
                        "SELECT pg_catalog.has_parameter_privilege('session_replication_role', 'SET')")) {
                    if (rs.next() && rs.getBoolean(1)) {
                        return;
                    }
                }
            }
        } catch (SQLException e) {
            throw new SupabackupException(FailureKind.DATABASE, "cannot read the privileges of \"" + server.user()
                    + "\" at " + where() + ": " + Connections.scrub(e.getMessage(), server), null, e);
        }
        throw new SupabackupException(FailureKind.USAGE, "the drill server user \"" + server.user() + "\" may not "
                + "SET session_replication_role, which restoring the data dump needs",
                "use a superuser in --drill-db-url, or GRANT SET ON PARAMETER session_replication_role TO \""
                        + server.user() + "\" (PostgreSQL 15+)");
    }

    /** UTF8 as every Supabase database; template0, so nothing the server's template1 holds comes along. */
    private static String createDatabase(String name, boolean cLocale) {
        return "CREATE DATABASE " + PlatformSchemaDump.quoteIdent(name) + " TEMPLATE template0 ENCODING 'UTF8'"
                + (cLocale ? " LC_COLLATE 'C' LC_CTYPE 'C'" : "");
    }

    private SupabackupException createFailure(String name, SQLException e) {
        return new SupabackupException(FailureKind.DATABASE, "cannot create the scratch database " + name + " on "
                + where() + ": " + Connections.scrub(e.getMessage(), server),
                "the --drill-db-url user needs the CREATEDB attribute (ALTER ROLE … CREATEDB)", e);
    }

    private String where() {
        return server.redacted();
    }

    /** Sets the database's default TimeZone, the one table stats print timestamptz values in. */
    static void setTimeZone(DatabaseEndpoint server, String database, String timeZone) {
        try (Connection c = Connections.open(server); Statement s = c.createStatement()) {
            s.execute("ALTER DATABASE " + PlatformSchemaDump.quoteIdent(database) + " SET TimeZone = '"
                    + timeZone.replace("'", "''") + "'");
        } catch (SQLException e) {
            throw new SupabackupException(INVALID_PARAMETER_VALUE.equals(e.getSQLState()) ? FailureKind.USAGE
                    : FailureKind.DATABASE, "cannot set the time zone of the scratch database to '" + timeZone + "': "
                    + Connections.scrub(e.getMessage(), server), null, e);
        }
    }

    /** A database dropped on close. */
    private static final class Dropped implements Scratch {
        private final DatabaseEndpoint server;
        private final String name;
        private final AtomicBoolean closed = new AtomicBoolean();

        Dropped(DatabaseEndpoint server, String name) {
            this.server = server;
            this.name = name;
        }

        @Override
        public DatabaseEndpoint endpoint() {
            return server.withDatabase(name);
        }

        @Override
        public String description() {
            return "scratch database " + endpoint().redacted();
        }

        @Override
        public void close() {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            try (Connection c = Connections.open(server)) {
                for (int attempt = 1; ; attempt++) {
                    try (PreparedStatement terminate = c.prepareStatement("""
                            SELECT pg_catalog.pg_terminate_backend(pid) FROM pg_catalog.pg_stat_activity
                            WHERE datname = ? AND pid <> pg_catalog.pg_backend_pid()""");
                         Statement drop = c.createStatement()) {
                        terminate.setString(1, name);
                        terminate.executeQuery().close();
                        drop.execute("DROP DATABASE IF EXISTS " + PlatformSchemaDump.quoteIdent(name));
                        LOG.debug("dropped the scratch database {}", name);
                        return;
                    } catch (SQLException e) {
                        if (!OBJECT_IN_USE.equals(e.getSQLState()) || attempt == DROP_ATTEMPTS) {
                            throw e;
                        }
                        Thread.sleep(200L * attempt); // a terminated session takes a moment to go
                    }
                }
            } catch (SQLException | RuntimeException e) {
                LOG.warn("could not drop the scratch database {} on {}: {}; drop it by hand", name, server.redacted(),
                        e instanceof SQLException ? Connections.scrub(e.getMessage(), server) : e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                LOG.warn("interrupted while dropping the scratch database {} on {}; drop it by hand", name,
                        server.redacted());
            }
        }
    }
}
