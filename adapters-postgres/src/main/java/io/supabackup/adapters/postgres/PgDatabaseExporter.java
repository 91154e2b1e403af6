package io.supabackup.adapters.postgres;

import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import io.supabackup.domain.model.DatabaseEndpoint;
import io.supabackup.domain.model.DatabaseInfo;
import io.supabackup.domain.model.DumpKind;
import io.supabackup.domain.model.DumpMode;
import io.supabackup.domain.model.TableStats;
import io.supabackup.domain.port.out.DatabaseExporter;
import io.supabackup.domain.port.out.StreamConsumer;
import io.supabackup.domain.port.out.TableSink;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Dumps with pg_dump and pg_dumpall as the Supabase CLI does, streaming their output to the consumer. */
final class PgDatabaseExporter implements DatabaseExporter {
    /** Restoring data must not fire triggers a second time; the CLI's data dump starts with this too. */
    static final String REPLICA_MODE = "SET session_replication_role = replica;\n\n";

    private final ToolLocator tools;

    /**
     * What each server is, as last asked by {@link #inspect} (an exporter lives as long as one command):
     * the dumps that follow use it rather than each opening a JDBC session of its own before its tool starts.
     */
    private final Map<DatabaseEndpoint, ServerProbe> probes = new ConcurrentHashMap<>();

    PgDatabaseExporter(ToolLocator tools) {
        this.tools = tools;
    }

    @Override
    public DatabaseInfo inspect(DatabaseEndpoint source) {
        ServerProbe probe = ServerProbe.of(source);
        probes.put(source, probe);
        ToolLocator.Found pgDump = tools.require(PgTool.PG_DUMP, probe.major(), probe.version());
        tools.require(PgTool.PG_DUMPALL, probe.major(), probe.version());
        return new DatabaseInfo(probe.version(), probe.major(), pgDump.version().text(), probe.userTables());
    }

    @Override
    public void dump(DatabaseEndpoint source, DumpKind kind, StreamConsumer consumer) {
        if (kind == DumpKind.PLATFORM) {
            // a few statements made from the catalogs, not a pg_dump run
            byte[] script = PlatformObjects.script(source).getBytes(StandardCharsets.UTF_8);
            try {
                consumer.accept(new ByteArrayInputStream(script));
            } catch (IOException e) {
                throw new SupabackupException(FailureKind.UNEXPECTED, "storing the " + label(kind) + " failed: "
                        + e.getMessage(), null, e);
            }
            return;
        }
        ServerProbe probe = probe(source);
        PgTool tool = kind == DumpKind.ROLES ? PgTool.PG_DUMPALL : PgTool.PG_DUMP;
        ToolLocator.Found found = tools.require(tool, probe.major(), probe.version());
        if (kind == DumpKind.PLATFORM_SCHEMA) {
            dumpPlatformSchema(source, probe, found, consumer);
            return;
        }
        List<String> command = command(found, kind, source, probe.dumpAsPostgresRole());
        ChildProcess child = ChildProcess.start(tool.command(), command, Connections.childEnvironment(source),
                source.password());
        child.closeStdin();
        InputStream output = new ExitCheckingStream(child.stdout(), child);
        switch (kind) {
            case ROLES -> output = new SqlLineFilter(output, DumpEdits.roles());
            case SCHEMA -> output = new SqlLineFilter(output, DumpEdits.schema());
            case DATA -> output = new SequenceInputStream(
                    new ByteArrayInputStream(REPLICA_MODE.getBytes(StandardCharsets.US_ASCII)), output);
            case FULL, PLATFORM -> {
                // the custom-format archive is binary and stays exactly as pg_dump wrote it
            }
        }
        stream(child, kind, output, consumer);
    }

    /** The header and trailer made from the catalogs around pg_dump's part; see {@link PlatformSchemaDump}. */
    private static void dumpPlatformSchema(DatabaseEndpoint source, ServerProbe probe, ToolLocator.Found pgDump,
                                           StreamConsumer consumer) {
        PlatformSchemaDump.Plan plan = PlatformSchemaDump.plan(source, pgDump.version());
        InputStream header = new ByteArrayInputStream(plan.header().getBytes(StandardCharsets.UTF_8));
        InputStream trailer = new ByteArrayInputStream(plan.trailer().getBytes(StandardCharsets.UTF_8));
        if (!plan.runsPgDump()) {
            try (InputStream in = header) {
                consumer.accept(in);
            } catch (IOException e) {
                throw new SupabackupException(FailureKind.UNEXPECTED, "storing the "
                        + label(DumpKind.PLATFORM_SCHEMA) + " failed: " + e.getMessage(), null, e);
            }
            return;
        }
        List<String> command = command(pgDump, DumpKind.PLATFORM_SCHEMA, source, probe.dumpAsPostgresRole());
        command.addAll(plan.selection(pgDump.version()));
        ChildProcess child = ChildProcess.start(PgTool.PG_DUMP.command(), command,
                Connections.childEnvironment(source), source.password());
        child.closeStdin();
        InputStream dumped = new SqlLineFilter(new ExitCheckingStream(child.stdout(), child), DumpEdits.platformSchema());
        stream(child, DumpKind.PLATFORM_SCHEMA, new SequenceInputStream(header, new SequenceInputStream(dumped, trailer)),
                consumer);
    }

    ServerProbe probe(DatabaseEndpoint source) {
        return probes.computeIfAbsent(source, ServerProbe::of);
    }

    private static void stream(ChildProcess child, DumpKind kind, InputStream output, StreamConsumer consumer) {
        try (InputStream in = output) {
            consumer.accept(in);
            if (in.read() >= 0) {
                child.kill();
                child.waitFor();
                throw new SupabackupException(FailureKind.UNEXPECTED,
                        "the " + label(kind) + " was not read to its end", null);
            }
        } catch (IOException | RuntimeException e) {
            ExitCheckingStream.ToolFailed failed = ExitCheckingStream.toolFailure(e);
            if (failed != null) {
                throw toolFailure(child, kind, failed.exitCode(), e);
            }
            if (child.isAlive()) {
                child.kill();
            }
            child.waitFor();
            if (e instanceof SupabackupException se) {
                throw se;
            }
            if (e instanceof IOException io) {
                throw new SupabackupException(FailureKind.UNEXPECTED,
                        "storing the " + label(kind) + " failed: " + io.getMessage(), null, io);
            }
            if (e instanceof UncheckedIOException io) {
                throw new SupabackupException(FailureKind.UNEXPECTED,
                        "storing the " + label(kind) + " failed: " + io.getCause().getMessage(), null, io);
            }
            throw (RuntimeException) e;
        }
        int exit = child.waitFor();
        if (exit != 0) {
            throw toolFailure(child, kind, exit, null);
        }
    }

    private static SupabackupException toolFailure(ChildProcess child, DumpKind kind, int exit, Throwable cause) {
        FailureKind failureKind = exit > 128 ? FailureKind.UNEXPECTED : FailureKind.DATABASE;
        return new SupabackupException(failureKind,
                child.name() + " failed making the " + label(kind) + ": " + child.explanation(exit),
                "the dump was not kept; the message above is " + child.name() + "'s", cause);
    }

    static String label(DumpKind kind) {
        return switch (kind) {
            case ROLES -> "roles dump";
            case SCHEMA -> "schema dump";
            case DATA -> "data dump";
            case PLATFORM -> "policies and triggers on platform tables";
            case PLATFORM_SCHEMA -> "platform schemas dump";
            case FULL -> "full database archive";
        };
    }

    static List<String> command(ToolLocator.Found tool, DumpKind kind, DatabaseEndpoint source, boolean asPostgres) {
        List<String> command = new ArrayList<>();
        command.add(tool.path().toString());
        switch (kind) {
            case ROLES -> {
                command.add("--roles-only");
                command.add("--no-role-passwords");
                command.add("--quote-all-identifiers");
                command.add("--database=" + source.database());
            }
            case SCHEMA -> {
                command.add("--schema-only");
                command.add("--quote-all-identifiers");
                PlatformSchemas.SCHEMA_EXCLUDED.forEach(schema -> command.add("--exclude-schema=" + schema));
            }
            case DATA -> {
                command.add("--data-only");
                command.add("--quote-all-identifiers");
                PlatformSchemas.DATA_EXCLUDED.forEach(schema -> command.add("--exclude-schema=" + schema));
                PlatformSchemas.DATA_EXCLUDED_TABLES.forEach(table -> command.add("--exclude-table=" + table));
            }
            case PLATFORM_SCHEMA -> {
                // the schemas and extensions to dump are added by the caller (PlatformSchemaDump.Plan)
                command.add("--schema-only");
                command.add("--no-owner");
                command.add("--no-privileges");
                command.add("--quote-all-identifiers");
            }
            case FULL -> command.add("--format=custom");
            case PLATFORM -> throw new IllegalArgumentException("the platform objects are not dumped by a tool");
        }
        if (asPostgres && kind != DumpKind.FULL) {
            command.add("--role=postgres");
        }
        return command;
    }

    @Override
    public void exportTables(DatabaseEndpoint source, TableSink sink) {
        TableJson.export(source, sink);
    }

    @Override
    public void exportSequences(DatabaseEndpoint source, StreamConsumer consumer) {
        SequenceJson.export(source, consumer);
    }

    @Override
    public List<TableStats> tableStats(DatabaseEndpoint source, DumpMode mode) {
        return LiveTableStats.collect(source, mode, tools);
    }
}
