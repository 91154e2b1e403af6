package io.supabackup.domain.repository;

import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import io.supabackup.domain.model.BackupId;
import io.supabackup.domain.model.BackupSummary;
import io.supabackup.domain.model.DumpMode;
import io.supabackup.domain.model.EntryKind;
import io.supabackup.domain.model.Manifest;
import io.supabackup.domain.model.ManifestEntry;
import io.supabackup.domain.model.SourceInfo;
import io.supabackup.domain.port.out.BackupRepository;
import io.supabackup.domain.port.out.ObjectInfo;
import io.supabackup.domain.port.out.ObjectKeys;
import io.supabackup.domain.port.out.ObjectNotFoundException;
import io.supabackup.domain.port.out.ObjectStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The repository format on top of any {@link ObjectStore}:
 * <pre>
 * config.json                      marks the repository, records its format version
 * backups/ID/started.json          written first: who started the backup and when
 * backups/ID/db/roles.sql ...      the backup's files
 * backups/ID/manifest.json         written last: its presence makes the backup complete
 * </pre>
 */
public final class ObjectStoreBackupRepository implements BackupRepository {
    private static final Logger LOG = LoggerFactory.getLogger(ObjectStoreBackupRepository.class);
    static final String CONFIG = "config.json";
    static final String BACKUPS = "backups/";
    static final String MANIFEST = "manifest.json";
    static final String STARTED = "started.json";
    private static final Set<String> RESERVED_NAMES = Set.of(MANIFEST, STARTED);

    private final ObjectStore store;
    private final Clock clock;
    private final String toolVersion;

    public ObjectStoreBackupRepository(ObjectStore store, Clock clock, String toolVersion) {
        this.store = store;
        this.clock = clock;
        this.toolVersion = toolVersion;
    }

    @Override
    public String location() {
        return store.location();
    }

    @Override
    public BackupWriter begin() {
        try {
            ensureRepository();
            BackupId id = BackupId.at(clock.instant());
            while (hasAnyObject(prefix(id))) {
                id = id.next();
            }
            Instant started = clock.instant();
            Map<String, Object> marker = new LinkedHashMap<>();
            marker.put("id", id.value());
            marker.put("startedAt", started.toString());
            marker.put("host", hostName());
            marker.put("pid", ProcessHandle.current().pid());
            marker.put("tool", toolVersion);
            saveSmall(prefix(id) + STARTED, Json.write(marker));
            LOG.debug("began backup {} in {}", id, store.location());
            return new Writer(id, started);
        } catch (IOException e) {
            throw storeFailure("could not start a backup in", e);
        }
    }

    private void ensureRepository() throws IOException {
        if (store.exists() && store.stat(CONFIG).isPresent()) {
            readConfig();
            return;
        }
        if (store.exists() && hasAnyObject("")) {
            throw new SupabackupException(FailureKind.USAGE,
                    store.location() + " is not a supabackup repository: it holds other files and no " + CONFIG,
                    "point --repo at an empty location or at an existing supabackup repository");
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("repository", "supabackup");
        config.put("format", Manifest.FORMAT_VERSION);
        config.put("createdAt", clock.instant().toString());
        config.put("createdBy", toolVersion);
        saveSmall(CONFIG, Json.write(config));
        LOG.info("created a new repository at {}", store.location());
    }

    private void readConfig() throws IOException {
        Map<String, Object> config;
        try (InputStream in = store.load(CONFIG)) {
            config = ManifestCodec.map(Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)), CONFIG);
        } catch (IllegalArgumentException e) {
            throw new SupabackupException(FailureKind.PARTIAL, store.location() + "/" + CONFIG + " is damaged: "
                    + e.getMessage(), "restore it from another copy of the repository");
        }
        long format = ManifestCodec.number(config, "format");
        if (format > Manifest.FORMAT_VERSION) {
            throw new SupabackupException(FailureKind.USAGE, "the repository at " + store.location()
                    + " has format " + format + ", newer than this tool understands", "upgrade supabackup");
        }
    }

    private void requireRepository() {
        try {
            if (!store.exists() || store.stat(CONFIG).isEmpty()) {
                throw new SupabackupException(FailureKind.NOT_FOUND, "no supabackup repository at " + store.location(),
                        "check --repo; a repository is created by the first backup into it");
            }
            readConfig();
        } catch (IOException e) {
            throw storeFailure("could not read the repository at", e);
        }
    }

    @Override
    public List<BackupSummary> list() {
        requireRepository();
        Map<String, List<ObjectInfo>> byId = new TreeMap<>();
        try {
            store.list(BACKUPS, info -> {
                String rest = info.key().substring(BACKUPS.length());
                int slash = rest.indexOf('/');
                if (slash > 0 && BackupId.isValid(rest.substring(0, slash))) {
                    byId.computeIfAbsent(rest.substring(0, slash), k -> new ArrayList<>()).add(info);
                }
            });
        } catch (IOException e) {
            throw storeFailure("could not list the backups in", e);
        }
        List<BackupSummary> summaries = new ArrayList<>();
        for (Map.Entry<String, List<ObjectInfo>> e : byId.entrySet()) {
            BackupId id = new BackupId(e.getKey());
            long bytes = e.getValue().stream().mapToLong(ObjectInfo::size).sum();
            int files = (int) e.getValue().stream().filter(o -> !isBookkeeping(id, o.key())).count();
            boolean hasManifest = e.getValue().stream().anyMatch(o -> o.key().equals(prefix(id) + MANIFEST));
            Optional<Manifest> manifest = Optional.empty();
            if (hasManifest) {
                try {
                    manifest = Optional.of(loadManifest(id));
                } catch (SupabackupException damaged) {
                    LOG.warn("{}", damaged.getMessage());
                }
            }
            summaries.add(new BackupSummary(id, manifest.isPresent(), bytes, files, manifest));
        }
        summaries.sort((a, b) -> a.id().compareTo(b.id()));
        return summaries;
    }

    private static boolean isBookkeeping(BackupId id, String key) {
        return key.equals(prefix(id) + MANIFEST) || key.equals(prefix(id) + STARTED);
    }

    @Override
    public BackupReader open(String idOrLatest) {
        requireRepository();
        if (idOrLatest == null || idOrLatest.isBlank() || idOrLatest.equals("latest")) {
            BackupSummary latest = list().stream().filter(BackupSummary::complete).reduce((a, b) -> b)
                    .orElseThrow(() -> new SupabackupException(FailureKind.NOT_FOUND,
                            "the repository at " + store.location() + " holds no complete backup",
                            "run 'supabackup backup' first, or 'supabackup list' to see what is there"));
            return new Reader(latest.manifest().orElseThrow());
        }
        if (!BackupId.isValid(idOrLatest)) {
            throw new SupabackupException(FailureKind.NOT_FOUND, "'" + idOrLatest + "' is not a backup id",
                    "use an id shown by 'supabackup list' (e.g. 2026-11-24T14-20-52Z) or 'latest'");
        }
        BackupId id = new BackupId(idOrLatest);
        try {
            if (store.stat(prefix(id) + MANIFEST).isPresent()) {
                return new Reader(loadManifest(id));
            }
            if (hasAnyObject(prefix(id))) {
                throw new SupabackupException(FailureKind.PARTIAL, "backup " + id
                        + " is incomplete: it has no manifest, so it was interrupted or is still running",
                        "restore another backup ('supabackup list' marks the complete ones)");
            }
        } catch (IOException e) {
            throw storeFailure("could not read backup " + id + " from", e);
        }
        throw new SupabackupException(FailureKind.NOT_FOUND, "no backup " + id + " in " + store.location(),
                "'supabackup list' shows the backups there are");
    }

    private Manifest loadManifest(BackupId id) {
        String key = prefix(id) + MANIFEST;
        try (InputStream in = store.load(key)) {
            Manifest manifest = ManifestCodec.decode(in.readAllBytes());
            if (!manifest.id().equals(id)) {
                throw new IllegalArgumentException("it names backup " + manifest.id());
            }
            return manifest;
        } catch (IllegalArgumentException e) {
            throw new SupabackupException(FailureKind.PARTIAL, "the manifest of backup " + id + " is damaged: "
                    + e.getMessage(), "restore another backup");
        } catch (IOException e) {
            throw storeFailure("could not read the manifest of backup " + id + " from", e);
        }
    }

    private boolean hasAnyObject(String prefix) throws IOException {
        boolean[] found = {false};
        store.list(prefix, o -> found[0] = true);
        return found[0];
    }

    private void saveSmall(String key, String text) throws IOException {
        store.save(key, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static String prefix(BackupId id) {
        return BACKUPS + id.value() + "/";
    }

    private SupabackupException storeFailure(String what, IOException e) {
        return new SupabackupException(FailureKind.UNEXPECTED, what + " " + store.location() + ": " + e.getMessage(),
                "check that the repository location is reachable and writable", e);
    }

    private static String hostName() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                host = "unknown";
            }
        }
        return host;
    }

    private final class Writer implements BackupWriter {
        private final BackupId id;
        private final Instant startedAt;
        private final Map<String, ManifestEntry> entries = new ConcurrentHashMap<>();
        private final List<String> order = java.util.Collections.synchronizedList(new ArrayList<>());
        private volatile boolean closed;

        Writer(BackupId id, Instant startedAt) {
            this.id = id;
            this.startedAt = startedAt;
        }

        @Override
        public BackupId id() {
            return id;
        }

        @Override
        public ManifestEntry put(String path, EntryKind kind, InputStream content,
                                 Supplier<Map<String, String>> attributes) {
            if (closed) {
                throw new IllegalStateException("backup " + id + " is already committed or aborted");
            }
            ObjectKeys.requireValid(path);
            if (RESERVED_NAMES.contains(path)) {
                throw new IllegalArgumentException(path + " is reserved by the repository format");
            }
            if (entries.containsKey(path) || order.contains(path)) {
                throw new IllegalArgumentException("backup " + id + " already has " + path);
            }
            order.add(path);
            HashingInputStream hashing = new HashingInputStream(content);
            try {
                store.save(prefix(id) + path, hashing);
            } catch (IOException e) {
                throw new SupabackupException(FailureKind.UNEXPECTED, "could not write " + path + " of backup " + id
                        + " to " + store.location() + ": " + e.getMessage(), null, e);
            }
            ManifestEntry entry = new ManifestEntry(path, kind, hashing.count(), hashing.sha256Hex(), "none", "none",
                    attributes.get());
            entries.put(path, entry);
            return entry;
        }

        @Override
        public Manifest commit(DumpMode mode, SourceInfo source) {
            if (closed) {
                throw new IllegalStateException("backup " + id + " is already committed or aborted");
            }
            List<ManifestEntry> list = new ArrayList<>();
            synchronized (order) {
                for (String path : order) {
                    ManifestEntry entry = entries.get(path);
                    if (entry == null) {
                        throw new IllegalStateException(path + " of backup " + id + " was never completed");
                    }
                    list.add(entry);
                }
            }
            Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, id, toolVersion, startedAt, clock.instant(),
                    mode, source, list);
            try {
                store.save(prefix(id) + MANIFEST, new ByteArrayInputStream(ManifestCodec.encode(manifest)));
            } catch (IOException e) {
                throw new SupabackupException(FailureKind.UNEXPECTED, "could not write the manifest of backup " + id
                        + " to " + store.location() + ": " + e.getMessage(), null, e);
            }
            closed = true;
            return manifest;
        }

        @Override
        public void abort() {
            if (closed) {
                return;
            }
            closed = true;
            List<String> keys = new ArrayList<>();
            try {
                store.list(prefix(id), o -> keys.add(o.key()));
                // started.json goes last so an abort cut short still shows as an incomplete backup
                keys.sort((a, b) -> Boolean.compare(a.endsWith("/" + STARTED), b.endsWith("/" + STARTED)));
                for (String key : keys) {
                    store.delete(key);
                }
            } catch (IOException e) {
                LOG.warn("could not remove the files of the failed backup {}: {}", id, e.getMessage());
            }
        }
    }

    private final class Reader implements BackupReader {
        private final Manifest manifest;

        Reader(Manifest manifest) {
            this.manifest = manifest;
        }

        @Override
        public Manifest manifest() {
            return manifest;
        }

        @Override
        public InputStream open(ManifestEntry entry) {
            String key = prefix(manifest.id()) + entry.path();
            try {
                return new VerifyingInputStream(store.load(key), key, entry.size(), entry.sha256());
            } catch (ObjectNotFoundException e) {
                throw new SupabackupException(FailureKind.PARTIAL, "backup " + manifest.id() + " is missing "
                        + entry.path() + " that its manifest lists", "restore another backup", e);
            } catch (IOException e) {
                throw new UncheckedIOException("could not read " + key + " from " + store.location(), e);
            }
        }
    }
}
