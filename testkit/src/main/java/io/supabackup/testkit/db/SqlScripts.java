package io.supabackup.testkit.db;

import io.supabackup.domain.model.DatabaseEndpoint;
import io.supabackup.testkit.PostgresServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;

/** Runs the fixture's SQL resources over JDBC. */
final class SqlScripts {
    /**
     * What two sessions creating the same cluster-wide role or membership at once can raise;
     * the scripts are idempotent, so running them again is the cure.
     */
    private static final Set<String> RACE_STATES = Set.of("23505", "42710", "XX000", "40001", "40P01");
    private static final int ATTEMPTS = 6;

    private SqlScripts() {
    }

    static String resource(String name) {
        String path = "/fixture/" + name;
        try (InputStream in = SqlScripts.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("fixture resource " + path + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read fixture resource " + path, e);
        }
    }

    /** Runs a whole script in one transaction, so a failure leaves nothing half-installed. */
    static void run(DatabaseEndpoint db, String scriptName) {
        String sql = resource(scriptName);
        try (Connection c = PostgresServer.connect(db)) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute(sql);
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw failure(scriptName, db, e);
        }
    }

    /**
     * Runs a script that touches cluster-wide objects (roles). When {@code lockKey} is given the
     * script runs under a transaction-scoped advisory lock, which serialises every JVM that uses
     * the same database for it; either way a lost race is retried.
     */
    static void runClusterWide(DatabaseEndpoint db, String scriptName, Long lockKey) {
        String sql = resource(scriptName);
        for (int attempt = 1; ; attempt++) {
            try (Connection c = PostgresServer.connect(db)) {
                c.setAutoCommit(false);
                try (Statement s = c.createStatement()) {
                    if (lockKey != null) {
                        s.execute("SELECT pg_advisory_xact_lock(" + lockKey + ")");
                    }
                    s.execute(sql);
                    c.commit();
                    return;
                } catch (SQLException e) {
                    c.rollback();
                    throw e;
                }
            } catch (SQLException e) {
                if (attempt >= ATTEMPTS || !RACE_STATES.contains(e.getSQLState())) {
                    throw failure(scriptName, db, e);
                }
                pause(attempt);
            }
        }
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(50L * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying a fixture script", e);
        }
    }

    private static IllegalStateException failure(String scriptName, DatabaseEndpoint db, SQLException e) {
        return new IllegalStateException("fixture script " + scriptName + " failed on " + db.database()
                + " [" + e.getSQLState() + "]: " + e.getMessage(), e);
    }
}
