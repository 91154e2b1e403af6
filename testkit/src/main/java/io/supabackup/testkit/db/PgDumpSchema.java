package io.supabackup.testkit.db;

import io.supabackup.domain.model.DatabaseEndpoint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The real {@code pg_dump --schema-only}, normalised so dumps of two databases compare line by line. */
final class PgDumpSchema {
    private static final long TIMEOUT_SECONDS = 120;

    private PgDumpSchema() {
    }

    static List<String> dump(DatabaseEndpoint db, List<String> schemas) {
        List<String> command = new ArrayList<>(List.of(pgDump().toString(), "--schema-only", "--no-password"));
        for (String schema : schemas) {
            command.add("--schema=" + quoteIdentifierPattern(schema));
        }
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(key -> key.startsWith("PG"));
        env.put("PGHOST", db.host());
        env.put("PGPORT", Integer.toString(db.port()));
        env.put("PGUSER", db.user());
        env.put("PGDATABASE", db.database());
        if (db.password() != null) {
            env.put("PGPASSWORD", db.password());
        }
        String sslmode = db.parameters().get("sslmode");
        if (sslmode != null) {
            env.put("PGSSLMODE", sslmode);
        }
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            CompletableFuture<byte[]> stderr = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
            byte[] stdout = readAll(process.getInputStream());
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("pg_dump of " + db.database() + " did not finish in "
                        + TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("pg_dump of " + db.database() + " failed with exit code "
                        + process.exitValue() + ": " + new String(stderr.join(), StandardCharsets.UTF_8).strip());
            }
            return normalise(new String(stdout, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("could not run pg_dump", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for pg_dump", e);
        }
    }

    /**
     * Drops what differs between two dumps of equal databases: comments (they name the dump
     * time and versions), blank lines, the random {@code \restrict} keys of newer pg_dumps and the
     * session setup header.
     */
    static List<String> normalise(String dump) {
        List<String> lines = new ArrayList<>();
        for (String line : dump.split("\r?\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")
                    || trimmed.startsWith("\\restrict") || trimmed.startsWith("\\unrestrict")
                    || trimmed.startsWith("SET ") || trimmed.startsWith("SELECT pg_catalog.set_config(")) {
                continue;
            }
            lines.add(line);
        }
        return lines;
    }

    /** pg_dump's {@code --schema} takes a pattern: quote it so names are taken literally. */
    private static String quoteIdentifierPattern(String schema) {
        return "\"" + schema.replace("\"", "\"\"") + "\"";
    }

    /** The newest pg_dump installed under /usr/lib/postgresql, else the one on PATH. */
    static Path pgDump() {
        Optional<Path> installed = Optional.empty();
        Path root = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                installed = versions
                        .filter(dir -> dir.getFileName().toString().matches("\\d+(\\.\\d+)?"))
                        .max(Comparator.comparingDouble(dir -> Double.parseDouble(dir.getFileName().toString())))
                        .map(dir -> dir.resolve("bin/pg_dump"))
                        .filter(Files::isExecutable);
            } catch (IOException e) {
                throw new UncheckedIOException("could not list " + root, e);
            }
        }
        return installed.or(PgDumpSchema::onPath).orElseThrow(() -> new IllegalStateException(
                "pg_dump was not found under /usr/lib/postgresql/*/bin or on PATH; install the PostgreSQL client"));
    }

    private static Optional<Path> onPath() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Stream.of(path.split(java.io.File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, "pg_dump"))
                .filter(Files::isExecutable)
                .findFirst();
    }

    private static byte[] readAll(InputStream in) {
        try (in; ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            in.transferTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read pg_dump output", e);
        }
    }
}
