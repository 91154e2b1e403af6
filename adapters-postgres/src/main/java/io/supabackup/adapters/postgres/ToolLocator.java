package io.supabackup.adapters.postgres;

import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the PostgreSQL client tools and picks the one that fits a server: the newest whose major version
 * is at least the server's, because pg_dump refuses servers newer than itself.
 */
final class ToolLocator {
    private static final Logger LOG = LoggerFactory.getLogger(ToolLocator.class);
    private static final boolean WINDOWS = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");

    /** A tool found on disk with the version it reported. */
    record Found(Path path, ToolVersion version, boolean direct) {
        /** Newer wins; among equals, the program itself beats a wrapper script such as Debian's pg_wrapper. */
        static final Comparator<Found> PREFERENCE = Comparator.comparing(Found::version)
                .thenComparing(Found::direct);

        @Override
        public String toString() {
            return version + " at " + path;
        }
    }

    private final PostgresConfig config;
    private final Map<Path, Optional<ToolVersion>> versions = new ConcurrentHashMap<>();

    ToolLocator(PostgresConfig config) {
        this.config = config;
    }

    /**
     * The newest {@code tool} whose major is at least {@code serverMajor}; fails with {@link FailureKind#TOOL},
     * naming what was found and how to get the right one, when there is none.
     */
    Found require(PgTool tool, int serverMajor, String serverVersion) {
        List<Found> found = findAll(tool);
        Optional<Found> suitable = found.stream()
                .filter(f -> f.version().major() >= serverMajor)
                .max(Found.PREFERENCE);
        if (suitable.isPresent()) {
            LOG.debug("using {} {}", tool.command(), suitable.get());
            return suitable.get();
        }
        if (found.isEmpty()) {
            throw new SupabackupException(FailureKind.TOOL,
                    tool.command() + " was not found (looked in " + searchedDescription() + ")",
                    installHint(tool, serverMajor));
        }
        throw new SupabackupException(FailureKind.TOOL,
                tool.command() + " " + serverMajor + " or newer is needed for the PostgreSQL " + serverVersion
                        + " server, but only " + describe(found) + " was found",
                installHint(tool, serverMajor));
    }

    /**
     * Like {@link #require} but settles for the newest older tool, for programs that only replay SQL a
     * server executes (psql) or read an archive whose format does not depend on the server (pg_restore).
     */
    Found preferAtLeast(PgTool tool, int serverMajor, String serverVersion) {
        Found newest = newest(tool, serverMajor);
        if (newest.version().major() < serverMajor) {
            LOG.warn("{} {} is older than the PostgreSQL {} server; using it anyway, since it only passes SQL on "
                    + "(install {} {}+ to be safe)", tool.command(), newest, serverVersion, tool.command(), serverMajor);
        }
        return newest;
    }

    /** The newest {@code tool} found, whatever its version; fails with {@link FailureKind#TOOL} when there is none. */
    Found newest(PgTool tool, int serverMajor) {
        return findAll(tool).stream().max(Found.PREFERENCE).orElseThrow(() -> new SupabackupException(FailureKind.TOOL,
                tool.command() + " was not found (looked in " + searchedDescription() + ")",
                installHint(tool, serverMajor)));
    }

    /** Every copy of {@code tool} in the searched folders that answered {@code --version}, in search order. */
    List<Found> findAll(PgTool tool) {
        String fileName = WINDOWS ? tool.command() + ".exe" : tool.command();
        Set<Path> seen = new LinkedHashSet<>();
        List<Found> found = new ArrayList<>();
        for (Path dir : searchDirs()) {
            Path candidate = dir.resolve(fileName);
            if (!Files.isRegularFile(candidate) || !Files.isExecutable(candidate)) {
                continue;
            }
            Path key = realPath(candidate);
            if (!seen.add(key)) {
                continue;
            }
            boolean direct = key.getFileName().toString().equals(fileName);
            versionOf(candidate, key).ifPresent(v -> found.add(new Found(candidate, v, direct)));
        }
        return found;
    }

    private Optional<ToolVersion> versionOf(Path executable, Path key) {
        return versions.computeIfAbsent(key, k -> askVersion(executable));
    }

    private static Optional<ToolVersion> askVersion(Path executable) {
        try {
            Process p = new ProcessBuilder(executable.toString(), "--version")
                    .redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File(WINDOWS ? "NUL" : "/dev/null")))
                    .start();
            byte[] output;
            try (InputStream in = p.getInputStream()) {
                output = in.readNBytes(4096);
            }
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            Optional<ToolVersion> version = ToolVersion.parse(new String(output, StandardCharsets.UTF_8));
            if (version.isEmpty()) {
                LOG.debug("{} --version printed nothing recognisable", executable);
            }
            return version;
        } catch (IOException e) {
            LOG.debug("cannot run {} --version: {}", executable, e.getMessage());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }

    List<Path> searchDirs() {
        List<Path> dirs = new ArrayList<>();
        if (config.pgBin().isPresent()) {
            dirs.add(config.pgBin().get());
            return dirs;
        }
        dirs.addAll(config.extraSearchDirs());
        if (!config.searchStandardLocations()) {
            return dirs;
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String entry : path.split(File.pathSeparator)) {
                if (!entry.isBlank()) {
                    dirs.add(Paths.get(entry));
                }
            }
        }
        dirs.addAll(versionedDirs(Paths.get("/usr/lib/postgresql"), "", "bin"));
        dirs.addAll(versionedDirs(Paths.get("/usr"), "pgsql-", "bin"));
        dirs.add(Paths.get("/usr/local/pgsql/bin"));
        for (String brew : List.of("/opt/homebrew/opt", "/usr/local/opt")) {
            dirs.add(Paths.get(brew, "libpq", "bin"));
            dirs.addAll(versionedDirs(Paths.get(brew), "postgresql@", "bin"));
            dirs.add(Paths.get(brew, "postgresql", "bin"));
        }
        dirs.addAll(versionedDirs(Paths.get("/Applications/Postgres.app/Contents/Versions"), "", "bin"));
        if (WINDOWS) {
            dirs.addAll(versionedDirs(Paths.get("C:\\Program Files\\PostgreSQL"), "", "bin"));
        }
        return dirs;
    }

    /** {@code parent/<prefix>*}/{@code sub}, newest-looking names first. */
    private static List<Path> versionedDirs(Path parent, String prefix, String sub) {
        if (!Files.isDirectory(parent)) {
            return List.of();
        }
        List<Path> result = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(parent, prefix + "*")) {
            for (Path child : children) {
                Path bin = child.resolve(sub);
                if (Files.isDirectory(bin)) {
                    result.add(bin);
                }
            }
        } catch (IOException e) {
            LOG.debug("cannot list {}: {}", parent, e.getMessage());
        }
        result.sort(Comparator.comparing(Path::toString).reversed());
        return result;
    }

    private String searchedDescription() {
        if (config.pgBin().isPresent()) {
            return "--pg-bin " + config.pgBin().get();
        }
        List<String> parts = new ArrayList<>();
        config.extraSearchDirs().forEach(d -> parts.add(d.toString()));
        if (config.searchStandardLocations()) {
            parts.add("PATH");
            parts.add("/usr/lib/postgresql/*/bin");
            parts.add("/usr/pgsql-*/bin");
            parts.add("Homebrew libpq and postgresql@*");
            parts.add("Postgres.app");
        }
        return String.join(", ", parts);
    }

    private static String describe(List<Found> found) {
        return found.stream().map(Found::toString).collect(Collectors.joining(", "));
    }

    static String installHint(PgTool tool, int serverMajor) {
        int major = Math.max(serverMajor, 13);
        return "install the PostgreSQL " + major + " client tools (Debian/Ubuntu: apt-get install postgresql-client-"
                + major + " from apt.postgresql.org; Red Hat: dnf install postgresql" + major
                + "; macOS: brew install libpq) or pass --pg-bin DIR with a folder holding " + tool.command() + " "
                + major + " or newer";
    }
}
