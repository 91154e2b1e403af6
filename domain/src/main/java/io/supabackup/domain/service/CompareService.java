package io.supabackup.domain.service;

import io.supabackup.domain.model.Bucket;
import io.supabackup.domain.model.Manifest;
import io.supabackup.domain.model.ManifestEntry;
import io.supabackup.domain.model.StoredObject;
import io.supabackup.domain.model.TableRef;
import io.supabackup.domain.model.TableStats;
import io.supabackup.domain.port.in.CompareCommand;
import io.supabackup.domain.port.in.CompareReport;
import io.supabackup.domain.port.in.CompareReport.Row;
import io.supabackup.domain.port.in.CompareUseCase;
import io.supabackup.domain.port.out.AuthDirectory;
import io.supabackup.domain.port.out.BackupRepository;
import io.supabackup.domain.port.out.BackupRepository.BackupReader;
import io.supabackup.domain.port.out.BucketStore;
import io.supabackup.domain.port.out.DatabaseExporter;
import io.supabackup.domain.port.out.ProgressListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The original tool's restore verification, done against any backup: per table the row count and the
 * content hash recorded at backup time against the live database's, per bucket the files and their eTags
 * against the live listing, and the number of users against the Auth API's.
 */
public final class CompareService implements CompareUseCase {
    private final BackupRepository repository;
    private final DatabaseExporter exporter;
    private final Supplier<BucketStore> storage;
    private final Supplier<AuthDirectory> auth;
    private final Steps steps;

    public CompareService(BackupRepository repository, DatabaseExporter exporter, Supplier<BucketStore> storage,
                          Supplier<AuthDirectory> auth, ProgressListener progress, Clock clock) {
        this.repository = repository;
        this.exporter = exporter;
        this.storage = storage;
        this.auth = auth;
        this.steps = new Steps(progress, clock);
    }

    @Override
    public CompareReport compare(CompareCommand command) {
        BackupReader reader = repository.open(command.backup());
        Manifest manifest = reader.manifest();
        List<Row> rows = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (command.database() != null) {
            Optional<ManifestEntry> recorded = manifest.entry(TableStatsFile.PATH);
            if (recorded.isEmpty()) {
                notes.add("backup " + manifest.id() + " recorded no table stats (it is older, or a --full archive): "
                        + "the database was not compared");
            } else {
                List<TableStats> backup = read(reader, recorded.get());
                List<TableStats> live = new ArrayList<>();
                steps.run("read the live tables", () -> {
                    live.addAll(exporter.tableStats(command.database(), manifest.mode()));
                    return 0;
                });
                rows.addAll(compareTables(backup, live));
            }
        }
        if (command.storage()) {
            if (manifest.entry(StorageTransfer.INDEX_FILE).isEmpty()) {
                notes.add("backup " + manifest.id() + " holds no Storage files: storage was not compared");
            } else {
                BucketStore buckets = storage.get();
                steps.run("list the live storage", () -> {
                    rows.addAll(compareBuckets(reader, buckets));
                    return 0;
                });
            }
        }
        if (command.auth()) {
            Optional<ManifestEntry> users = manifest.entry(BackupService.AUTH_USERS_FILE);
            if (users.isEmpty()) {
                notes.add("backup " + manifest.id() + " holds no export of the Auth users: users were not compared");
            } else {
                long backupUsers = Long.parseLong(users.get().attributes().getOrDefault("users", "-1"));
                OptionalLong live = auth.get().countUsers();
                if (live.isEmpty()) {
                    notes.add("the Auth API did not say how many users there are");
                } else {
                    rows.add(new Row("auth", "users", backupUsers, live.getAsLong(),
                            backupUsers == live.getAsLong(), ""));
                }
            }
        }
        return new CompareReport(manifest.id(), rows, notes);
    }

    private static List<TableStats> read(BackupReader reader, ManifestEntry entry) {
        try (InputStream in = reader.open(entry)) {
            return TableStatsFile.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Row> compareTables(List<TableStats> backup, List<TableStats> live) {
        Map<TableRef, TableStats> before = new TreeMap<>();
        backup.forEach(s -> before.put(s.ref(), s));
        Map<TableRef, TableStats> now = new TreeMap<>();
        live.forEach(s -> now.put(s.ref(), s));
        TreeSet<TableRef> all = new TreeSet<>(before.keySet());
        all.addAll(now.keySet());
        List<Row> rows = new ArrayList<>();
        for (TableRef table : all) {
            TableStats b = before.get(table);
            TableStats l = now.get(table);
            String name = table.schema() + "." + table.name();
            if (b == null) {
                rows.add(new Row("database", name, null, l.rows(), false, "not in the backup"));
            } else if (l == null) {
                rows.add(new Row("database", name, b.rows(), null, false, "table is gone"));
            } else {
                boolean sameContent = b.contentHash().equals(l.contentHash());
                rows.add(new Row("database", name, b.rows(), l.rows(), sameContent && b.rows() == l.rows(),
                        sameContent ? "" : "content differs"));
            }
        }
        return rows;
    }

    private static List<Row> compareBuckets(BackupReader reader, BucketStore buckets) {
        Map<String, StorageTransfer.IndexEntry> index;
        try {
            index = StorageTransfer.previousIndex(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Map<String, StoredObject>> backup = new TreeMap<>();
        index.values().forEach(e -> backup.computeIfAbsent(e.object().bucketId(), k -> new HashMap<>())
                .put(e.object().name(), e.object()));
        Map<String, Map<String, StoredObject>> live = new TreeMap<>();
        for (Bucket bucket : buckets.buckets()) {
            Map<String, StoredObject> objects = new HashMap<>();
            buckets.listObjects(bucket.id(), o -> objects.put(o.name(), o));
            live.put(bucket.id(), objects);
        }
        TreeSet<String> all = new TreeSet<>(backup.keySet());
        all.addAll(live.keySet());
        List<Row> rows = new ArrayList<>();
        for (String bucket : all) {
            Map<String, StoredObject> b = backup.get(bucket);
            Map<String, StoredObject> l = live.get(bucket);
            if (b == null) {
                rows.add(new Row("storage", bucket, null, (long) l.size(), l.isEmpty(), "bucket not in the backup"));
                continue;
            }
            if (l == null) {
                rows.add(new Row("storage", bucket, (long) b.size(), null, false, "bucket is gone"));
                continue;
            }
            long missing = b.keySet().stream().filter(name -> !l.containsKey(name)).count();
            long added = l.keySet().stream().filter(name -> !b.containsKey(name)).count();
            long changed = b.entrySet().stream().filter(e -> l.containsKey(e.getKey()))
                    .filter(e -> !sameFile(e.getValue(), l.get(e.getKey()))).count();
            List<String> detail = new ArrayList<>();
            if (missing > 0) {
                detail.add(missing + " missing");
            }
            if (added > 0) {
                detail.add(added + " not in the backup");
            }
            if (changed > 0) {
                detail.add(changed + " changed (eTag or size)");
            }
            rows.add(new Row("storage", bucket, (long) b.size(), (long) l.size(), detail.isEmpty(),
                    String.join(", ", detail)));
        }
        return rows;
    }

    private static boolean sameFile(StoredObject backup, StoredObject live) {
        return backup.size() == live.size() && java.util.Objects.equals(backup.eTag(), live.eTag());
    }
}
