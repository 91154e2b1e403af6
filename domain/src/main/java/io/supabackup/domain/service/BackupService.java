package io.supabackup.domain.service;

import io.supabackup.domain.error.SupabackupException;
import io.supabackup.domain.model.DatabaseInfo;
import io.supabackup.domain.model.DumpKind;
import io.supabackup.domain.model.DumpMode;
import io.supabackup.domain.model.EntryKind;
import io.supabackup.domain.model.Manifest;
import io.supabackup.domain.model.ManifestEntry;
import io.supabackup.domain.model.SourceInfo;
import io.supabackup.domain.model.TableStats;
import io.supabackup.domain.port.in.BackupCommand;
import io.supabackup.domain.port.in.BackupResult;
import io.supabackup.domain.port.in.BackupUseCase;
import io.supabackup.domain.port.out.AuthDirectory;
import io.supabackup.domain.port.out.BackupRepository;
import io.supabackup.domain.port.out.BucketStore;
import io.supabackup.domain.port.out.BackupRepository.BackupWriter;
import io.supabackup.domain.port.out.DatabaseExporter;
import io.supabackup.domain.port.out.ProgressListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/** Dumps the database into a new backup; the manifest is written only when every dump succeeded. */
public final class BackupService implements BackupUseCase {
    static final String TABLES_DIR = "tables/";
    /** Table files are named SCHEMA.TABLE.jsonl, so this name, without a dot before its extension, is free. */
    static final String SEQUENCES_FILE = TABLES_DIR + "sequences.jsonl";
    static final String AUTH_USERS_FILE = "auth/users.jsonl";

    private final DatabaseExporter exporter;
    private final BackupRepository repository;
    private final Steps steps;
    private final Clock clock;

    /** Where the users are exported from; asked for only when a backup includes them. */
    private final Supplier<AuthDirectory> auth;

    private final Supplier<BucketStore> storage;

    public BackupService(DatabaseExporter exporter, BackupRepository repository, ProgressListener progress, Clock clock,
                         Supplier<AuthDirectory> auth, Supplier<BucketStore> storage) {
        this.auth = auth;
        this.storage = storage;
        this.exporter = exporter;
        this.repository = repository;
        this.steps = new Steps(progress, clock);
        this.clock = clock;
    }

    /** The newest readable backup's storage index; none (a full transfer) when there is none or no key. */
    private Map<String, StorageTransfer.IndexEntry> previousIndex() {
        try {
            return StorageTransfer.previousIndex(repository.open("latest"));
        } catch (SupabackupException | java.io.IOException | java.io.UncheckedIOException unreadable) {
            return Map.of();
        }
    }

    private static void inBackground(Runnable task) {
        Thread thread = new Thread(task, "supabackup-previous-index");
        thread.setDaemon(true);
        thread.start();
    }

    /** What a backup would do, found by looking only: nothing is downloaded and nothing is written. */
    private List<String> plan(BackupCommand command, DatabaseInfo info, BucketStore buckets,
                              Map<String, StorageTransfer.IndexEntry> previous) {
        List<String> plan = new java.util.ArrayList<>();
        plan.add("into " + repository.location());
        if (command.database()) {
            plan.add("dump " + command.mode().dumps().stream().map(d -> d.name().toLowerCase(java.util.Locale.ROOT))
                    .collect(java.util.stream.Collectors.joining(", ")) + " of " + command.source().redacted()
                    + " (PostgreSQL " + info.serverVersion() + ", pg_dump " + info.toolVersion() + ")"
                    + (command.tableJson() ? ", and its tables as JSON" : ""));
        }
        if (buckets != null) {
            StorageTransfer.Plan storage = StorageTransfer.plan(buckets, previous, command.storage().excluded());
            plan.add("back up " + storage.files() + " storage file(s) in " + storage.buckets() + " bucket(s) of "
                    + buckets.location() + ": " + storage.changed() + " new or changed (" + storage.changedBytes()
                    + " bytes to download), " + (storage.files() - storage.changed()) + " unchanged since the last backup");
        }
        if (command.authUsers()) {
            plan.add("export the Auth users");
        }
        return plan;
    }

    @Override
    public BackupResult backup(BackupCommand command) {
        Instant start = clock.instant();
        // Inspect first: an unreachable server or an unsuitable pg_dump must fail before anything is written.
        DatabaseInfo info = command.database() ? exporter.inspect(command.source()) : null;
        BucketStore buckets = command.storage().included() ? storage.get() : null;
        // read beside the rest, which needs it only once the files are listed: a large index takes a while
        CompletableFuture<Map<String, StorageTransfer.IndexEntry>> previous = command.storage().included()
                ? CompletableFuture.supplyAsync(this::previousIndex, BackupService::inBackground)
                : CompletableFuture.completedFuture(Map.of());
        if (command.dryRun()) {
            return new BackupResult(null, Duration.between(start, clock.instant()),
                    plan(command, info, buckets, previous.join()));
        }
        BackupWriter writer = repository.begin();
        try {
            AtomicReference<List<TableStats>> tableStats = new AtomicReference<>();
            if (command.database()) {
                // the small dumps run beside the data dump; the platform schema dump is what a drill, or a restore
                // into a plain PostgreSQL, needs first (never replayed into a project)
                List<DumpKind> dumps = new java.util.ArrayList<>(command.mode().dumps());
                if (command.mode() == DumpMode.SUPABASE) {
                    dumps.add(DumpKind.PLATFORM_SCHEMA);
                }
                tableStats.set(new DatabaseDumps(exporter, writer, command.source(), steps, dumps).take());
            }
            if (tableStats.get() != null) {
                List<TableStats> stats = tableStats.get();
                writer.put(TableStatsFile.PATH, EntryKind.DATABASE_STATS,
                        new java.io.ByteArrayInputStream(TableStatsFile.write(stats)),
                        () -> Map.of("tables", Integer.toString(stats.size()),
                                "rows", Long.toString(stats.stream().mapToLong(TableStats::rows).sum())));
            }
            if (command.tableJson()) {
                steps.run("export tables as JSON", step -> {
                    long[] bytes = {0};
                    exporter.exportTables(command.source(), (table, rows, rowsRead) -> {
                        ManifestEntry entry = writer.put(TABLES_DIR + table.fileName(), EntryKind.TABLE_JSON,
                                step.counting(rows),
                                () -> Map.of("schema", table.schema(), "table", table.name(),
                                        "rows", Long.toString(rowsRead.getAsLong())));
                        bytes[0] += entry.size();
                    });
                    exporter.exportSequences(command.source(), in -> bytes[0] += writer.put(SEQUENCES_FILE,
                            EntryKind.SEQUENCES_JSON, in).size());
                    return bytes[0];
                });
            }
            if (command.storage().included()) {
                steps.run("back up storage files", step -> {
                    StorageTransfer.Totals totals = StorageTransfer.backup(buckets, writer, previous,
                            command.storage().excluded(), command.storage().parallel(), step);
                    return totals.bytes();
                });
            }
            if (command.authUsers()) {
                AuthDirectory directory = auth.get();
                steps.run("export auth users", () -> {
                    long[] bytes = {0};
                    directory.exportUsers(in -> {
                        LineCountingInputStream lines = new LineCountingInputStream(in);
                        bytes[0] = writer.put(AUTH_USERS_FILE, EntryKind.AUTH_USERS, lines,
                                () -> Map.of("users", Long.toString(lines.lines()))).size();
                    });
                    return bytes[0];
                });
            }
            Manifest manifest = writer.commit(command.mode(), info == null ? new SourceInfo("-", "-", "")
                    : new SourceInfo(command.source().database(), info.serverVersion(), info.toolVersion()));
            return new BackupResult(manifest, Duration.between(start, clock.instant()));
        } catch (RuntimeException | Error e) {
            writer.abort();
            throw e;
        }
    }

}
