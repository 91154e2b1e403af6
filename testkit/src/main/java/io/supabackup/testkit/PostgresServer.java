package io.supabackup.testkit;

import io.supabackup.domain.model.DatabaseEndpoint;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL server shared by the tests of one JVM: the server at
 * {@code SUPABACKUP_TEST_DATABASE_URL} when that is set (it must allow CREATE DATABASE), otherwise an
 * embedded PostgreSQL 15 started once and stopped when the JVM exits. Each test asks for its own
 * fresh database with {@link #createDatabase(String)}.
 */
public final class PostgresServer {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static PostgresServer shared;

    private final DatabaseEndpoint admin;

    private PostgresServer(DatabaseEndpoint admin) {
        this.admin = admin;
    }

    /** The server, started on first use. */
    public static synchronized PostgresServer shared() {
        if (shared == null) {
            String external = System.getenv("SUPABACKUP_TEST_DATABASE_URL");
            shared = new PostgresServer(external != null && !external.isBlank()
                    ? DatabaseEndpoint.parse(external)
                    : startEmbedded());
        }
        return shared;
    }

    private static DatabaseEndpoint startEmbedded() {
        try {
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "100")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.close();
                } catch (IOException ignored) {
                    // the JVM is going away anyway
                }
            }));
            return new DatabaseEndpoint("localhost", pg.getPort(), "postgres", "postgres", "postgres",
                    java.util.Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
        }
    }

    /** The maintenance database ({@code postgres}) as the superuser. */
    public DatabaseEndpoint admin() {
        return admin;
    }

    /** Creates an empty database with a unique name built from {@code hint} and returns its endpoint. */
    public DatabaseEndpoint createDatabase(String hint) {
        String name = (hint.toLowerCase().replaceAll("[^a-z0-9_]", "_") + "_" + ProcessHandle.current().pid()
                + "_" + COUNTER.incrementAndGet());
        if (name.length() > 60) {
            name = name.substring(name.length() - 60);
        }
        execute(admin, "CREATE DATABASE \"" + name + "\"");
        return admin.withDatabase(name);
    }

    /** Drops a database made by {@link #createDatabase(String)}, closing its connections first. */
    public void dropDatabase(DatabaseEndpoint database) {
        execute(admin, "DROP DATABASE IF EXISTS \"" + database.database() + "\" WITH (FORCE)");
    }

    /** A JDBC URL for the endpoint (without credentials; use {@link #connect(DatabaseEndpoint)}). */
    public static String jdbcUrl(DatabaseEndpoint endpoint) {
        String host = endpoint.host().contains(":") ? "[" + endpoint.host() + "]" : endpoint.host();
        return "jdbc:postgresql://" + host + ":" + endpoint.port() + "/" + endpoint.database();
    }

    public static Connection connect(DatabaseEndpoint endpoint) throws SQLException {
        java.util.Properties props = new java.util.Properties();
        props.setProperty("user", endpoint.user());
        if (endpoint.password() != null) {
            props.setProperty("password", endpoint.password());
        }
        return DriverManager.getConnection(jdbcUrl(endpoint), props);
    }

    /** Runs SQL statements (several separated by semicolons are fine) and fails the test on error. */
    public static void execute(DatabaseEndpoint endpoint, String sql) {
        try (Connection c = connect(endpoint); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed on " + endpoint.database() + ": " + e.getMessage(), e);
        }
    }
}
