package io.supabackup.adapters.postgres;

import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import io.supabackup.domain.model.DatabaseEndpoint;
import io.supabackup.domain.model.DatabaseInfo;
import io.supabackup.domain.model.DumpKind;
import io.supabackup.domain.model.TableRef;
import io.supabackup.domain.port.out.DatabaseImporter;
import io.supabackup.domain.port.out.SqlDump;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays dumps with psql in one transaction, restores archives with pg_restore, and imports JSON Lines
 * over JDBC.
 */
final class PgDatabaseImporter implements DatabaseImporter {
    private static final Logger LOG = LoggerFactory.getLogger(PgDatabaseImporter.class);
    private final ToolLocator tools;
    /**
     * Databases {@link #prepareScratch} prepared: a restore into one of them leaves out an extension the server
     * lacks instead of failing, since a plain PostgreSQL has none of Supabase's own (pg_graphql, supabase_vault,
     * pgsodium); whatever needs such an extension still fails.
     */
    private final Set<String> scratches = ConcurrentHashMap.newKeySet();

    PgDatabaseImporter(ToolLocator tools) {
        this.tools = tools;
    }

    @Override
    public DatabaseInfo inspect(DatabaseEndpoint target) {
        ServerProbe probe = ServerProbe.of(target);
        ToolLocator.Found psql = tools.preferAtLeast(PgTool.PSQL, probe.major(), probe.version());
        return new DatabaseInfo(probe.version(), probe.major(), psql.version().text(), probe.userTables());
    }

    @Override
    public void restore(DatabaseEndpoint target, List<SqlDump> dumps) {
        Objects.requireNonNull(dumps, "dumps");
        if (dumps.isEmpty()) {
            return;
        }
        Replay replay = replay(target, dumps, true, scratches.contains(key(target)));
        String what = dumps.stream().map(d -> PgDatabaseExporter.label(d.kind())).collect(Collectors.joining(", "));
        if (replay.feeder().inputFailure != null) {
            throw inputFailure(replay.feeder().failedKind, replay.feeder().inputFailure,
                    "nothing of this step was kept: psql was stopped before it could commit");
        }
        if (replay.exit() != 0) {
            throw new SupabackupException(FailureKind.DATABASE,
                    "restoring the " + what + " failed: " + replay.child().explanation(replay.exit()),
                    replay.exit() == 2 ? "psql could not connect or lost the connection"
                            : "nothing was kept: the restore ran in a single transaction");
        }
        if (replay.feeder().writeFailure != null) {
            throw new SupabackupException(FailureKind.UNEXPECTED,
                    "psql stopped reading the " + what + " early: " + replay.feeder().writeFailure.getMessage(), null,
                    replay.feeder().writeFailure);
        }
        replay.child().warningLines().stream()
                .map(PSQL_MISSING_EXTENSION::matcher)
                .filter(Matcher::matches)
                .forEach(m -> LOG.warn("the scratch database has no extension {}: restored without it", m.group(1)));
    }

    @Override
    public List<String> prepareScratch(DatabaseEndpoint scratch, Optional<InputStream> platformSchemaSql) {
        Objects.requireNonNull(platformSchemaSql, "platformSchemaSql");
        List<String> warnings = new ArrayList<>(ScratchRoles.create(scratch));
        scratches.add(key(scratch));
        if (platformSchemaSql.isEmpty()) {
            return warnings;
        }
        Replay replay = replay(scratch, List.of(new SqlDump(DumpKind.PLATFORM_SCHEMA, platformSchemaSql.get())), false,
                true);
        String what = PgDatabaseExporter.label(DumpKind.PLATFORM_SCHEMA);
        if (replay.feeder().inputFailure != null) {
            throw inputFailure(DumpKind.PLATFORM_SCHEMA, replay.feeder().inputFailure,
                    "the scratch database holds only part of the platform schemas");
        }
        if (replay.exit() != 0) {
            throw new SupabackupException(FailureKind.DATABASE,
                    "replaying the " + what + " failed: " + replay.child().explanation(replay.exit()),
                    replay.exit() == 2 ? "psql could not connect or lost the connection" : null);
        }
        if (replay.feeder().writeFailure != null) {
            throw new SupabackupException(FailureKind.UNEXPECTED,
                    "psql stopped reading the " + what + " early: " + replay.feeder().writeFailure.getMessage(), null,
                    replay.feeder().writeFailure);
        }
        replay.child().errorLines().forEach(line -> warnings.add(scratchWarning(line)));
        int unlisted = replay.child().errorCount() - replay.child().errorLines().size();
        if (unlisted > 0) {
            warnings.add("… and " + unlisted + " more errors in the " + what);
        }
        return warnings;
    }

    private static final Pattern PSQL_MISSING_EXTENSION =
            Pattern.compile("^.*WARNING:\\s+extension (.+) is not available on this server, left out$");
    private static final Pattern PSQL_ERROR = Pattern.compile("^psql:[^:]*:(\\d+): ERROR:\\s+(.*)$");

    /** psql's {@code psql:<stdin>:12: ERROR:  message} as {@code platform schemas dump line 12: message}. */
    static String scratchWarning(String psqlLine) {
        Matcher m = PSQL_ERROR.matcher(psqlLine);
        return m.matches()
                ? PgDatabaseExporter.label(DumpKind.PLATFORM_SCHEMA) + " line " + m.group(1) + ": " + m.group(2)
                : psqlLine;
    }

    private record Replay(ChildProcess child, Feeder feeder, int exit) {
    }

    /**
     * Feeds the dumps to psql. {@code atomic}: in one transaction that the first error stops and rolls back;
     * otherwise statement by statement, going on after errors (psql's exit code is then 0 all the same).
     */
    private static String key(DatabaseEndpoint endpoint) {
        return endpoint.host() + ":" + endpoint.port() + "/" + endpoint.database();
    }

    private Replay replay(DatabaseEndpoint target, List<SqlDump> dumps, boolean atomic,
                          boolean withoutMissingExtensions) {
        ServerProbe probe = ServerProbe.of(target);
        ToolLocator.Found psql = tools.preferAtLeast(PgTool.PSQL, probe.major(), probe.version());
        List<String> command = new ArrayList<>(List.of(psql.path().toString(), "--no-psqlrc", "--quiet"));
        if (atomic) {
            command.add("--set=ON_ERROR_STOP=1");
            command.add("--single-transaction");
        }
        command.add("--file=-");
        ChildProcess child = ChildProcess.start("psql", command, Connections.childEnvironment(target), target.password());
        Thread stdout = child.drainStdout();
        Feeder feeder = new Feeder(dumps, probe.major(), psql.version(), withoutMissingExtensions, child);
        Thread feederThread = new Thread(feeder, "supabackup-psql-feeder");
        feederThread.setDaemon(true);
        feederThread.start();
        join(feederThread, child);
        int exit = child.waitFor();
        join(stdout, child);
        return new Replay(child, feeder, exit);
    }

    private static void join(Thread thread, ChildProcess child) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            child.kill();
            Thread.currentThread().interrupt();
            throw new SupabackupException(FailureKind.INTERRUPTED, "the restore was interrupted and rolled back");
        }
    }

    private static SupabackupException inputFailure(DumpKind kind, Throwable failure, String hint) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SupabackupException se) {
                return se;
            }
        }
        String detail = failure instanceof UncheckedIOException u ? u.getCause().getMessage() : failure.getMessage();
        return new SupabackupException(FailureKind.UNEXPECTED,
                "reading the " + PgDatabaseExporter.label(kind) + " failed: " + detail, hint, failure);
    }

    /**
     * Copies the dumps, one after the other and each through its own edits, into psql's stdin. Only a
     * complete read of all of them closes stdin, which lets psql commit; if reading fails, psql is killed
     * first, so the server rolls the transaction back.
     */
    private static final class Feeder implements Runnable {
        private final List<SqlDump> dumps;
        private final int serverMajor;
        private final ToolVersion psql;
        private final boolean withoutMissingExtensions;
        private final ChildProcess child;
        volatile Throwable inputFailure;
        volatile DumpKind failedKind;
        volatile IOException writeFailure;

        Feeder(List<SqlDump> dumps, int serverMajor, ToolVersion psql, boolean withoutMissingExtensions,
               ChildProcess child) {
            this.dumps = dumps;
            this.serverMajor = serverMajor;
            this.psql = psql;
            this.withoutMissingExtensions = withoutMissingExtensions;
            this.child = child;
        }

        @Override
        public void run() {
            OutputStream stdin = child.stdin();
            byte[] buf = new byte[64 * 1024];
            try {
                for (SqlDump dump : dumps) {
                    InputStream script = new SqlLineFilter(dump.sql(),
                            RestoreEdits.forTarget(dump.kind(), serverMajor, psql, withoutMissingExtensions));
                    if (dump.kind() == DumpKind.DATA) {
                        stdin.write(PgDatabaseExporter.REPLICA_MODE.getBytes(StandardCharsets.US_ASCII));
                    }
                    while (true) {
                        int n;
                        try {
                            n = script.read(buf);
                        } catch (IOException | RuntimeException | Error e) {
                            child.kill();
                            failedKind = dump.kind();
                            inputFailure = e;
                            return;
                        }
                        if (n < 0) {
                            break;
                        }
                        stdin.write(buf, 0, n);
                    }
                    // a dump that ends without a newline must not run into the next one's first line
                    stdin.write('\n');
                }
                stdin.close();
            } catch (IOException e) {
                writeFailure = e;
            } finally {
                if (inputFailure != null || writeFailure != null) {
                    try {
                        stdin.close();
                    } catch (IOException ignored) {
                        // psql is gone already
                    }
                }
            }
        }
    }

    @Override
    public void restoreArchive(DatabaseEndpoint target, Path archive, int jobs, boolean clean) {
        if (!Files.isRegularFile(archive)) {
            throw new SupabackupException(FailureKind.NOT_FOUND, "the archive " + archive + " does not exist");
        }
        ServerProbe probe = ServerProbe.of(target);
        ToolLocator.Found pgRestore = tools.preferAtLeast(PgTool.PG_RESTORE, probe.major(), probe.version());
        List<String> command = new ArrayList<>(List.of(pgRestore.path().toString(),
                "--jobs=" + Math.max(1, jobs), "--exit-on-error", "--dbname=" + conninfoDatabase(target.database())));
        if (clean) {
            command.add("--clean");
            command.add("--if-exists");
        }
        command.add(archive.toString());
        ChildProcess child = ChildProcess.start("pg_restore", command, Connections.childEnvironment(target),
                target.password());
        child.closeStdin();
        Thread stdout = child.drainStdout();
        int exit = child.waitFor();
        join(stdout, child);
        if (exit != 0) {
            throw new SupabackupException(FailureKind.DATABASE,
                    "pg_restore failed restoring the full database archive: " + child.explanation(exit),
                    "pg_restore must be at least as new as the pg_dump that wrote the archive ("
                            + pgRestore.version() + " at " + pgRestore.path() + " was used); objects restored before "
                            + "the error remain");
        }
    }

    /** A conninfo string naming only the database, so that a name holding '=' is never read as settings. */
    static String conninfoDatabase(String database) {
        return "dbname='" + database.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    @Override
    public long importTable(DatabaseEndpoint target, TableRef table, InputStream jsonLines) {
        return TableJson.importTable(target, table, jsonLines);
    }

    @Override
    public void importSequences(DatabaseEndpoint target, InputStream jsonLines) {
        SequenceJson.importValues(target, jsonLines);
    }

}
