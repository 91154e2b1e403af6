package io.supabackup.adapters.postgres;

import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import io.supabackup.domain.model.DatabaseEndpoint;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens JDBC connections and prepares the environment of child processes for an endpoint, and turns
 * connection failures into one clear message each. The password goes only into JDBC properties and the
 * child's {@code PGPASSWORD}, never onto a command line or into a message.
 */
final class Connections {
    private static final Logger LOG = LoggerFactory.getLogger(Connections.class);
    static final int CONNECT_TIMEOUT_SECONDS = 10;

    /** libpq connection parameters and the environment variables that carry them. */
    private static final Map<String, String> LIBPQ_ENV = Map.ofEntries(
            Map.entry("sslmode", "PGSSLMODE"),
            Map.entry("sslrootcert", "PGSSLROOTCERT"),
            Map.entry("sslcert", "PGSSLCERT"),
            Map.entry("sslkey", "PGSSLKEY"),
            Map.entry("sslcrl", "PGSSLCRL"),
            Map.entry("sslnegotiation", "PGSSLNEGOTIATION"),
            Map.entry("sslcompression", "PGSSLCOMPRESSION"),
            Map.entry("requiressl", "PGREQUIRESSL"),
            Map.entry("channel_binding", "PGCHANNELBINDING"),
            Map.entry("gssencmode", "PGGSSENCMODE"),
            Map.entry("krbsrvname", "PGKRBSRVNAME"),
            Map.entry("application_name", "PGAPPNAME"),
            Map.entry("options", "PGOPTIONS"),
            Map.entry("target_session_attrs", "PGTARGETSESSIONATTRS"),
            Map.entry("connect_timeout", "PGCONNECT_TIMEOUT"),
            Map.entry("client_encoding", "PGCLIENTENCODING"),
            Map.entry("hostaddr", "PGHOSTADDR"),
            Map.entry("passfile", "PGPASSFILE"),
            Map.entry("service", "PGSERVICE"),
            Map.entry("require_auth", "PGREQUIREAUTH"),
            Map.entry("load_balance_hosts", "PGLOADBALANCEHOSTS"));

    /** libpq parameters pgjdbc understands under another name. */
    private static final Map<String, String> JDBC_PROPERTIES = Map.of(
            "sslmode", "sslmode",
            "sslrootcert", "sslrootcert",
            "sslcert", "sslcert",
            "sslkey", "sslkey",
            "application_name", "ApplicationName",
            "options", "options",
            "channel_binding", "channelBinding");

    private Connections() {
    }

    static Connection open(DatabaseEndpoint endpoint) {
        return open(endpoint, Map.of());
    }

    /** A connection with extra pgjdbc properties, for the rare session that needs them. */
    static Connection open(DatabaseEndpoint endpoint, Map<String, String> driverProperties) {
        Properties props = new Properties();
        props.setProperty("user", endpoint.user());
        if (endpoint.password() != null) {
            props.setProperty("password", endpoint.password());
        }
        props.setProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
        props.setProperty("loginTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS * 2));
        props.setProperty("tcpKeepAlive", "true");
        props.setProperty("ApplicationName", "supabackup");
        endpoint.parameters().forEach((key, value) -> {
            String jdbcKey = JDBC_PROPERTIES.get(key);
            if (jdbcKey != null) {
                props.setProperty(jdbcKey, value);
            }
        });
        driverProperties.forEach(props::setProperty);
        try {
            return DriverManager.getConnection(jdbcUrl(endpoint), props);
        } catch (SQLException e) {
            throw connectFailure(endpoint, e);
        }
    }

    static String jdbcUrl(DatabaseEndpoint endpoint) {
        String host = endpoint.host().contains(":") ? "[" + endpoint.host() + "]" : endpoint.host();
        String db = URLEncoder.encode(endpoint.database(), StandardCharsets.UTF_8).replace("+", "%20");
        return "jdbc:postgresql://" + host + ":" + endpoint.port() + "/" + db;
    }

    /**
     * The environment for a child tool: the parent's without any inherited libpq variable (a stray
     * PGHOST or PGSERVICE must not redirect a restore), plus the endpoint's settings.
     */
    static Map<String, String> childEnvironment(DatabaseEndpoint endpoint) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.keySet().removeIf(key -> key.startsWith("PG"));
        env.put("PGHOST", endpoint.host());
        env.put("PGPORT", String.valueOf(endpoint.port()));
        env.put("PGDATABASE", endpoint.database());
        env.put("PGUSER", endpoint.user());
        if (endpoint.password() != null) {
            env.put("PGPASSWORD", endpoint.password());
        }
        env.put("PGCONNECT_TIMEOUT", String.valueOf(CONNECT_TIMEOUT_SECONDS));
        env.put("PGAPPNAME", "supabackup");
        // timestamptz values print in UTC whatever the server's default: dumps of one database are the same
        // text wherever they are made, and the table stats of a drill or a compare can be computed alike
        env.put("PGTZ", "UTC");
        endpoint.parameters().forEach((key, value) -> {
            String variable = LIBPQ_ENV.get(key);
            if (variable != null) {
                env.put(variable, value);
            } else {
                LOG.warn("ignoring the connection parameter '{}', which the PostgreSQL tools cannot take from "
                        + "the environment", key);
            }
        });
        return env;
    }

    static SupabackupException connectFailure(DatabaseEndpoint endpoint, SQLException e) {
        String where = endpoint.host().contains(":") ? "[" + endpoint.host() + "]:" + endpoint.port()
                : endpoint.host() + ":" + endpoint.port();
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String message = scrub(e.getMessage(), endpoint);
        String reachHint = "check the host and port; Supabase direct connections (db.<project>.supabase.co) are "
                + "IPv6-only, so over IPv4 use the session pooler (<region>.pooler.supabase.com:5432, user "
                + "postgres.<project>)";
        if (state.equals("28P01")) {
            return new SupabackupException(FailureKind.DATABASE,
                    "password authentication failed for user \"" + endpoint.user() + "\" at " + where,
                    "check the database password (Supabase: Project Settings > Database > Reset database password)", e);
        }
        if (state.equals("28000")) {
            return new SupabackupException(FailureKind.DATABASE,
                    "the server at " + where + " refused user \"" + endpoint.user() + "\": " + message,
                    "check the user name and sslmode; Supabase requires TLS (sslmode=require)", e);
        }
        if (state.equals("3D000")) {
            return new SupabackupException(FailureKind.DATABASE,
                    "database \"" + endpoint.database() + "\" does not exist at " + where,
                    "check the database name in the connection string (on Supabase it is 'postgres')", e);
        }
        if (message != null && message.contains("Tenant or user not found")) {
            return new SupabackupException(FailureKind.DATABASE,
                    "the pooler at " + where + " does not know user \"" + endpoint.user() + "\"",
                    "through the Supabase pooler the user is postgres.<project-ref>", e);
        }
        if (message != null && message.contains("no password was provided")) {
            return new SupabackupException(FailureKind.DATABASE,
                    "the server at " + where + " asks for a password for user \"" + endpoint.user()
                            + "\", and none was given",
                    "put the password in the connection string or in the environment variable the CLI documents", e);
        }
        String reason = networkReason(e);
        if (reason != null) {
            return new SupabackupException(FailureKind.DATABASE, "cannot reach " + where + " (" + reason + ")",
                    reachHint, e);
        }
        return new SupabackupException(FailureKind.DATABASE, "cannot connect to " + where + ": " + message,
                state.startsWith("08") ? reachHint : null, e);
    }

    private static String networkReason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException) {
                return "unknown host";
            }
            if (t instanceof ConnectException) {
                return "connection refused";
            }
            if (t instanceof SocketTimeoutException) {
                return "no answer within " + CONNECT_TIMEOUT_SECONDS + " s";
            }
            if (t instanceof NoRouteToHostException) {
                return "no route to host";
            }
            if (t instanceof SocketException && t.getMessage() != null
                    && t.getMessage().toLowerCase(Locale.ROOT).contains("unreachable")) {
                return "network unreachable";
            }
        }
        return null;
    }

    /** A message with the endpoint's password, and anything that looks like a password, blanked out. */
    static String scrub(String message, DatabaseEndpoint endpoint) {
        return Secrets.scrub(message, endpoint.password());
    }
}
