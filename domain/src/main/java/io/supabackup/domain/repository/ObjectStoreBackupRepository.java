package io.supabackup.domain.repository;

import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import io.supabackup.domain.model.BackupId;
import io.supabackup.domain.model.BackupSummary;
import io.supabackup.domain.model.DumpMode;
import io.supabackup.domain.model.EncryptionInfo;
import io.supabackup.domain.model.EntryKind;
import io.supabackup.domain.model.Manifest;
import io.supabackup.domain.model.ManifestEntry;
import io.supabackup.domain.model.ManifestSummary;
import io.supabackup.domain.model.SourceInfo;
import io.supabackup.domain.port.out.BackupRepository;
import io.supabackup.domain.port.out.BackupRepository.LockInfo;
import io.supabackup.domain.port.out.BackupRepository.LockMode;
import io.supabackup.domain.port.out.BackupRepository.LockStatus;
import io.supabackup.domain.port.out.BackupRepository.RepositoryLock;
import io.supabackup.domain.port.out.BackupRepository.StoredBlob;
import io.supabackup.domain.port.out.Compressor;
import io.supabackup.domain.port.out.Encryptor;
import io.supabackup.domain.port.out.ObjectInfo;
import io.supabackup.domain.port.out.ObjectKeys;
import io.supabackup.domain.port.out.ObjectNotFoundException;
import io.supabackup.domain.port.out.ObjectStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The repository format on top of any {@link ObjectStore}:
 * <pre>
 * config.json                      marks the repository, records its format version
 * backups/ID/started.json          written first: who started the backup and when
 * backups/ID/db/roles.sql[.zst][.gpg] ...  the backup's files, compressed and encrypted as configured
 * backups/ID/manifest.json.gpg     an encrypted backup's whole manifest
 * backups/ID/manifest.json         written last: its presence makes the backup complete; for an
 *                                  encrypted backup only a summary anyone may read
 * </pre>
 * Files are compressed, then encrypted, on the way in, through a bounded pipe to the store; on the way
 * out the stored bytes, then the restored content, are checked against the manifest.
 */
public final class ObjectStoreBackupRepository implements BackupRepository {
    private static final Logger LOG = LoggerFactory.getLogger(ObjectStoreBackupRepository.class);
    static final String CONFIG = "config.json";
    static final String BACKUPS = "backups/";
    static final String BLOBS = "blobs/";
    static final String BLOB_DESCRIPTION = ".json";
    static final String MANIFEST = "manifest.json";
    static final String STARTED = "started.json";
    static final String SEALED_MANIFEST = "manifest.json.gpg";
    private static final Set<String> RESERVED_NAMES = Set.of(MANIFEST, STARTED, SEALED_MANIFEST);
    private static final ExecutorService SAVERS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "supabackup-repository-save");
        thread.setDaemon(true);
        return thread;
    });

    private final ObjectStore store;
    private final Clock clock;
    private final String toolVersion;
    private final Compressor compressor;
    private final Encryptor encryptor;
    private final LockTiming lockTiming;
    private final RepositoryLocks locks;
    private final Set<Writer> unfinished = ConcurrentHashMap.newKeySet();

    /**
     * How locks behave: how long to wait for a conflicting holder, how often a held lock is refreshed, and
     * after how long without a refresh a lock counts as abandoned.
     */
    public record LockTiming(Duration lockWait, Duration refreshEvery, Duration staleAfter) {
        public static final LockTiming DEFAULT = new LockTiming(Duration.ZERO, Duration.ofMinutes(5),
                Duration.ofMinutes(30));

        public LockTiming {
            if (lockWait.isNegative() || refreshEvery.isNegative() || refreshEvery.isZero()
                    || staleAfter.compareTo(refreshEvery) <= 0) {
                throw new IllegalArgumentException("lock timing needs wait >= 0 and 0 < refreshEvery < staleAfter");
            }
        }
    }

    /**
     * @param compressor what new files are compressed with ({@link Compressor#NONE} for nothing)
     * @param encryptor  encrypts new files when it {@link Encryptor#canEncrypt() can}, and opens encrypted
     *                   ones; {@code null} when no key was given
     */
    public ObjectStoreBackupRepository(ObjectStore store, Clock clock, String toolVersion, Compressor compressor,
                                       Encryptor encryptor) {
        this(store, clock, toolVersion, compressor, encryptor, LockTiming.DEFAULT);
    }

    public ObjectStoreBackupRepository(ObjectStore store, Clock clock, String toolVersion, Compressor compressor,
                                       Encryptor encryptor, LockTiming lockTiming) {
        this.store = store;
        this.clock = clock;
        this.toolVersion = toolVersion;
        this.compressor = compressor;
        this.encryptor = encryptor;
        this.lockTiming = lockTiming;
        this.locks = new RepositoryLocks(store, clock, System.getProperty("user.name", "?"), lockTiming.refreshEvery(),
                lockTiming.staleAfter());
    }

    /** A repository that writes files as they are. */
    public ObjectStoreBackupRepository(ObjectStore store, Clock clock, String toolVersion) {
        this(store, clock, toolVersion, Compressor.NONE, null);
    }

    private boolean encrypting() {
        return encryptor != null && encryptor.canEncrypt();
    }

    /** Where an entry's bytes live: its path, with the suffixes a person needs to open it by hand. */
    static String storedName(String path, String compression, String encryption) {
        String suffix = switch (compression) {
            case "zstd" -> ".zst";
            case "gzip" -> ".gz";
            default -> "";
        };
        return path + suffix + (encryption.equals("none") ? "" : ".gpg");
    }

    @Override
    public String location() {
        return store.location();
    }

    @Override
    public BackupWriter begin() {
        try {
            ensureRepository();
        } catch (IOException e) {
            throw storeFailure("could not start a backup in", e);
        }
        // backups run side by side, but never beside a prune
        RepositoryLock lock = locks.acquire(LockMode.SHARED, "backup", lockTiming.lockWait());
        try {
            BackupId id = BackupId.at(clock.instant());
            while (hasAnyObject(prefix(id))) {
                id = id.next();
            }
            Instant started = clock.instant();
            Map<String, Object> marker = new LinkedHashMap<>();
            marker.put("id", id.value());
            marker.put("startedAt", started.toString());
            marker.put("host", Hosts.name());
            marker.put("pid", ProcessHandle.current().pid());
            marker.put("tool", toolVersion);
            saveSmall(prefix(id) + STARTED, Json.write(marker));
            LOG.debug("began backup {} in {}", id, store.location());
            Writer writer = new Writer(id, started, lock);
            unfinished.add(writer);
            return writer;
        } catch (IOException e) {
            lock.close();
            throw storeFailure("could not start a backup in", e);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
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
            Optional<ManifestCodec.Decoded> decoded = Optional.empty();
            Optional<String> damage = Optional.empty();
            if (hasManifest) {
                try {
                    decoded = Optional.of(loadManifestFile(id));
                } catch (SupabackupException damaged) {
                    LOG.warn("{}", damaged.getMessage());
                    damage = Optional.of(damaged.getMessage());
                }
            }
            summaries.add(new BackupSummary(id, decoded.isPresent(), bytes, files,
                    decoded.map(ManifestCodec.Decoded::summary),
                    decoded.filter(d -> d instanceof ManifestCodec.Whole).map(d -> ((ManifestCodec.Whole) d).manifest()),
                    damage));
        }
        summaries.sort((a, b) -> a.id().compareTo(b.id()));
        return summaries;
    }

    private static boolean isBookkeeping(BackupId id, String key) {
        return key.equals(prefix(id) + MANIFEST) || key.equals(prefix(id) + STARTED)
                || key.equals(prefix(id) + SEALED_MANIFEST);
    }

    @Override
    public BackupReader open(String idOrLatest) {
        requireRepository();
        if (idOrLatest == null || idOrLatest.isBlank() || idOrLatest.equals("latest")) {
            BackupSummary latest = list().stream().filter(BackupSummary::complete).reduce((a, b) -> b)
                    .orElseThrow(() -> new SupabackupException(FailureKind.NOT_FOUND,
                            "the repository at " + store.location() + " holds no complete backup",
                            "run 'supabackup backup' first, or 'supabackup list' to see what is there"));
            return new Reader(loadManifest(latest.id()));
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

    /**
     * Gives up every backup this repository is still writing, removing what they wrote and releasing their
     * locks: for a process that is being stopped. Returns the ids given up.
     */
    public List<BackupId> abortUnfinished() {
        List<BackupId> aborted = new ArrayList<>();
        for (Writer writer : List.copyOf(unfinished)) {
            writer.abort();
            aborted.add(writer.id());
        }
        return aborted;
    }

    @Override
    public void delete(BackupId id) {
        requireRepository();
        try {
            List<String> keys = new ArrayList<>();
            store.list(prefix(id), o -> keys.add(o.key()));
            if (keys.isEmpty()) {
                throw new SupabackupException(FailureKind.NOT_FOUND, "no backup " + id + " in " + store.location(),
                        "'supabackup list' shows the backups there are");
            }
            keys.sort(java.util.Comparator.comparingInt(key -> deletionOrder(id, key)));
            for (String key : keys) {
                store.delete(key);
            }
            LOG.debug("removed backup {} ({} files)", id, keys.size());
        } catch (IOException e) {
            throw storeFailure("could not remove backup " + id + " from", e);
        }
    }

    private static int deletionOrder(BackupId id, String key) {
        if (key.equals(prefix(id) + MANIFEST)) {
            return 0;
        }
        if (key.equals(prefix(id) + SEALED_MANIFEST)) {
            return 1;
        }
        return key.equals(prefix(id) + STARTED) ? 3 : 2;
    }

    @Override
    public List<StoredBlob> blobs() {
        requireRepository();
        Map<String, StoredBlob> blobs = new TreeMap<>();
        try {
            store.list(BLOBS, info -> {
                String key = info.key();
                String file = key.substring(key.lastIndexOf('/') + 1);
                String name = file.endsWith(BLOB_DESCRIPTION)
                        ? file.substring(0, file.length() - BLOB_DESCRIPTION.length()) : file;
                if (name.matches("[0-9a-f]{64}")) {
                    blobs.merge(name, new StoredBlob(name, info.size(), info.lastModified()), (a, b) -> new StoredBlob(
                            name, a.bytes() + b.bytes(), a.lastModified().isAfter(b.lastModified())
                            ? a.lastModified() : b.lastModified()));
                }
            });
        } catch (IOException e) {
            throw storeFailure("could not list the stored files of", e);
        }
        return List.copyOf(blobs.values());
    }

    @Override
    public void deleteBlob(String name) {
        String key = blobKey(name);
        try {
            store.delete(key + BLOB_DESCRIPTION);
            store.delete(key);
        } catch (IOException e) {
            throw storeFailure("could not remove a stored file from", e);
        }
    }

    @Override
    public RepositoryLock lock(LockMode mode, String purpose) {
        requireRepository();
        return locks.acquire(mode, purpose, lockTiming.lockWait());
    }

    @Override
    public List<LockStatus> locks() {
        requireRepository();
        try {
            return locks.all().stream().map(l -> new LockStatus(l, locks.isStale(l))).toList();
        } catch (IOException e) {
            throw storeFailure("could not read the locks of", e);
        }
    }

    @Override
    public List<LockInfo> unlock(boolean all) {
        requireRepository();
        return locks.remove(all);
    }

    private ManifestCodec.Decoded loadManifestFile(BackupId id) {
        String key = prefix(id) + MANIFEST;
        try (InputStream in = store.load(key)) {
            ManifestCodec.Decoded decoded = ManifestCodec.decodeFile(in.readAllBytes());
            if (!decoded.summary().id().equals(id)) {
                throw new IllegalArgumentException("it names backup " + decoded.summary().id());
            }
            return decoded;
        } catch (IllegalArgumentException e) {
            throw damagedManifest(id, e);
        } catch (IOException e) {
            throw storeFailure("could not read the manifest of backup " + id + " from", e);
        }
    }

    /** The whole manifest, decrypted if the backup is encrypted. */
    private Manifest loadManifest(BackupId id) {
        ManifestCodec.Decoded decoded = loadManifestFile(id);
        if (decoded instanceof ManifestCodec.Whole whole) {
            return whole.manifest();
        }
        EncryptionInfo encryption = decoded.summary().encryption().orElseThrow();
        requireDecryptor(id, encryption);
        try (InputStream in = encryptor.decrypt(store.load(prefix(id) + SEALED_MANIFEST))) {
            Manifest manifest = ManifestCodec.decode(in.readAllBytes());
            if (!manifest.id().equals(id)) {
                throw new IllegalArgumentException("it names backup " + manifest.id());
            }
            return manifest;
        } catch (IllegalArgumentException e) {
            throw damagedManifest(id, e);
        } catch (ObjectNotFoundException e) {
            throw new SupabackupException(FailureKind.PARTIAL, "backup " + id + " is missing its encrypted manifest "
                    + SEALED_MANIFEST, "restore another backup", e);
        } catch (IOException e) {
            throw new SupabackupException(FailureKind.PARTIAL, "the encrypted manifest of backup " + id
                    + " cannot be read: " + e.getMessage(), "restore another backup", e);
        }
    }

    private void requireDecryptor(BackupId id, EncryptionInfo encryption) {
        if (encryptor == null) {
            throw new SupabackupException(FailureKind.USAGE, "backup " + id + " is encrypted to "
                    + encryption.describe() + ", and no key was given",
                    "give --decrypt-key FILE (the secret key) or --passphrase-file FILE");
        }
    }

    private static SupabackupException damagedManifest(BackupId id, IllegalArgumentException e) {
        return new SupabackupException(FailureKind.PARTIAL, "the manifest of backup " + id + " is damaged: "
                + e.getMessage(), "restore another backup");
    }

    private boolean hasAnyObject(String prefix) throws IOException {
        boolean[] found = {false};
        store.list(prefix, o -> found[0] = true);
        return found[0];
    }

    private void saveSmall(String key, String text) throws IOException {
        store.save(key, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Where a content-addressed blob lives, shared by every backup that holds the same content. */
    static String blobKey(String name) {
        if (!name.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a blob name: " + name);
        }
        return BLOBS + name.substring(0, 2) + "/" + name;
    }

    private static String prefix(BackupId id) {
        return BACKUPS + id.value() + "/";
    }

    private SupabackupException storeFailure(String what, IOException e) {
        return new SupabackupException(FailureKind.UNEXPECTED, what + " " + store.location() + ": " + e.getMessage(),
                "check that the repository location is reachable and writable", e);
    }

    private final class Writer implements BackupWriter {
        private final BackupId id;
        private final Instant startedAt;
        private final Map<String, ManifestEntry> entries = new ConcurrentHashMap<>();
        private final List<String> order = java.util.Collections.synchronizedList(new ArrayList<>());
        private final RepositoryLock lock;
        private volatile boolean closed;
        /** Blobs stored completely (their description is there), listed once when first asked. */
        private volatile Set<String> described;

        Writer(BackupId id, Instant startedAt, RepositoryLock lock) {
            this.id = id;
            this.startedAt = startedAt;
            this.lock = lock;
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
            // pg_dump's custom format is compressed already
            String compression = kind == EntryKind.DATABASE_FULL ? "none" : compressor.name();
            ManifestEntry entry = write(prefix(id) + storedName(path, compression, encrypting() ? encryptor.name() : "none"),
                    path, kind, content, compression, attributes);
            entries.put(path, entry);
            return entry;
        }

        @Override
        public ManifestEntry putBlob(String name, InputStream content, String contentType) {
            boolean compress = compressor.worthCompressing(contentType);
            if (closed) {
                throw new IllegalStateException("backup " + id + " is already committed or aborted");
            }
            String key = blobKey(name);
            ManifestEntry entry = write(key, key, EntryKind.STORAGE_BLOB, content, compress ? compressor.name() : "none",
                    Map::of);
            // written after the blob: a blob without its description was cut short and is stored again
            try {
                store.save(key + BLOB_DESCRIPTION, new ByteArrayInputStream(ManifestCodec.encodeEntry(entry)));
            } catch (IOException e) {
                throw storeFailure("could not describe a stored file in", e);
            }
            Set<String> names = described;
            if (names != null) {
                names.add(name);
            }
            return entry;
        }

        /**
         * One listing of {@code blobs/} on the first call instead of one look per blob: an incremental
         * backup asks about every unchanged file, and a listing returns a thousand names per request where
         * a look returns one. The answer stays true for the whole backup: blobs are removed only by a prune,
         * which cannot run beside this backup's shared lock; a blob another backup stores meanwhile is
         * missed, which costs a download, never a file.
         */
        @Override
        public boolean blobExists(String name) {
            blobKey(name);
            return describedBlobs().contains(name);
        }

        @Override
        public void expectBlobChecks() {
            if (described == null) {
                // a failure here is met again, and reported, by the first blobExists
                SAVERS.submit(() -> {
                    try {
                        describedBlobs();
                    } catch (RuntimeException reportedLater) {
                        // see above
                    }
                });
            }
        }

        private Set<String> describedBlobs() {
            Set<String> names = described;
            if (names != null) {
                return names;
            }
            synchronized (this) {
                if (described == null) {
                    Set<String> listed = ConcurrentHashMap.newKeySet();
                    try {
                        store.list(BLOBS, info -> {
                            String key = info.key();
                            if (key.endsWith(BLOB_DESCRIPTION)) {
                                listed.add(key.substring(key.lastIndexOf('/') + 1,
                                        key.length() - BLOB_DESCRIPTION.length()));
                            }
                        });
                    } catch (IOException e) {
                        throw storeFailure("could not list the stored files of", e);
                    }
                    described = listed;
                }
                return described;
            }
        }

        @Override
        public Optional<ManifestEntry> storedBlob(String name) {
            String key = blobKey(name) + BLOB_DESCRIPTION;
            try (InputStream in = store.load(key)) {
                return Optional.of(ManifestCodec.decodeEntry(in.readAllBytes()));
            } catch (ObjectNotFoundException e) {
                return Optional.empty();
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            } catch (IOException e) {
                throw storeFailure("could not read the description of a stored file in", e);
            }
        }

        private ManifestEntry write(String key, String path, EntryKind kind, InputStream content, String compression,
                                    Supplier<Map<String, String>> attributes) {
            String encryption = encrypting() ? encryptor.name() : "none";
            HashingInputStream plain = new HashingInputStream(content);
            HashingInputStream stored;
            try {
                stored = compression.equals("none") && encryption.equals("none")
                        ? saveAsIs(key, plain) : saveTransformed(key, plain, !compression.equals("none"), encrypting());
            } catch (IOException e) {
                // a failure of the source (a refused API key, a dump tool that died) says more than ours
                for (Throwable t = e; t != null; t = t.getCause()) {
                    if (t instanceof SupabackupException known) {
                        throw known;
                    }
                }
                throw new SupabackupException(FailureKind.UNEXPECTED, "could not write " + path + " of backup " + id
                        + " to " + store.location() + ": " + e.getMessage(), null, e);
            }
            String storedSha = stored.sha256Hex();
            String plainSha = stored == plain ? storedSha : plain.sha256Hex();
            return new ManifestEntry(path, kind, stored.count(), storedSha, compression, encryption,
                    plain.count(), plainSha, attributes.get());
        }

        private HashingInputStream saveAsIs(String key, HashingInputStream plain) throws IOException {
            store.save(key, plain);
            return plain;
        }

        /**
         * Compresses and encrypts on this thread while the store reads the result on another, through a
         * bounded pipe: nothing is buffered whole, and a failure on either side stops both.
         */
        private HashingInputStream saveTransformed(String key, InputStream plain, boolean compress, boolean encrypt)
                throws IOException {
            Pipe pipe = new Pipe(16);
            HashingInputStream stored = new HashingInputStream(pipe.input());
            Future<?> saving = SAVERS.submit(() -> {
                try (InputStream in = stored) {
                    store.save(key, in);
                }
                return null;
            });
            OutputStream sink = pipe.output();
            try {
                if (encrypt) {
                    sink = encryptor.encrypt(sink);
                }
                if (compress) {
                    sink = compressor.compress(sink);
                }
                plain.transferTo(sink);
                // closing finishes the compressed frame and the encrypted message: only once all arrived
                sink.close();
            } catch (IOException | RuntimeException | Error e) {
                pipe.fail(e);
                closeQuietly(sink);
                awaitQuietly(saving);
                throw e;
            }
            try {
                saving.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                saving.cancel(true);
                throw new java.io.InterruptedIOException("interrupted while saving " + key);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof IOException io) {
                    throw io;
                }
                if (cause instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IOException(cause);
            }
            return stored;
        }

        private void closeQuietly(OutputStream sink) {
            try {
                sink.close();
            } catch (IOException | RuntimeException expected) {
                // the pipe refuses what follows a failure; closing only frees buffers
            }
        }

        private void awaitQuietly(Future<?> saving) {
            try {
                saving.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException expected) {
                // the store failed because the data could not be produced; that failure is reported
            }
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
            Optional<EncryptionInfo> encryption = encrypting()
                    ? Optional.of(new EncryptionInfo(encryptor.name(), encryptor.recipientKeyIds(),
                    encryptor.usesPassphrase()))
                    : Optional.empty();
            Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, id, toolVersion, startedAt, clock.instant(),
                    mode, source, list, encryption);
            try {
                byte[] whole = ManifestCodec.encode(manifest);
                if (encryption.isPresent()) {
                    // the whole manifest names tables and checksums: sealed, with a summary left readable
                    saveTransformed(prefix(id) + SEALED_MANIFEST, new ByteArrayInputStream(whole), false, true);
                    whole = ManifestCodec.encodeSealedSummary(ManifestSummary.of(manifest));
                }
                store.save(prefix(id) + MANIFEST, new ByteArrayInputStream(whole));
            } catch (IOException e) {
                throw new SupabackupException(FailureKind.UNEXPECTED, "could not write the manifest of backup " + id
                        + " to " + store.location() + ": " + e.getMessage(), null, e);
            }
            closed = true;
            unfinished.remove(this);
            lock.close();
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
            } finally {
                unfinished.remove(this);
                lock.close();
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
            return openKey(entry, prefix(manifest.id()) + storedName(entry.path(), entry.compression(), entry.encryption()));
        }

        @Override
        public InputStream openBlob(ManifestEntry blob) {
            return openKey(blob, blob.path());
        }

        @Override
        public java.util.OptionalLong storedSize(ManifestEntry entry) {
            return sizeOf(prefix(manifest.id()) + storedName(entry.path(), entry.compression(), entry.encryption()));
        }

        @Override
        public java.util.OptionalLong storedBlobSize(ManifestEntry blob) {
            return sizeOf(blob.path());
        }

        private java.util.OptionalLong sizeOf(String key) {
            try {
                return store.stat(key).map(info -> java.util.OptionalLong.of(info.size()))
                        .orElse(java.util.OptionalLong.empty());
            } catch (IOException e) {
                throw new UncheckedIOException("could not look at " + key + " in " + store.location(), e);
            }
        }

        private InputStream openKey(ManifestEntry entry, String key) {
            if (!entry.encryption().equals("none")) {
                requireDecryptor(manifest.id(), manifest.encryption().orElse(new EncryptionInfo(entry.encryption(),
                        java.util.List.of(), false)));
                if (!entry.encryption().equals(encryptor.name())) {
                    throw new SupabackupException(FailureKind.USAGE, entry.path() + " is encrypted with '"
                            + entry.encryption() + "', which this build cannot open");
                }
            }
            try {
                InputStream in = new VerifyingInputStream(store.load(key), key, entry.size(), entry.sha256());
                if (!entry.transformed()) {
                    return in;
                }
                if (!entry.encryption().equals("none")) {
                    in = encryptor.decrypt(in);
                }
                in = compressor.decompress(entry.compression(), in);
                return new NamingFailures(new VerifyingInputStream(in, key + " (restored content)", entry.plainSize(),
                        entry.plainSha256()), key);
            } catch (ObjectNotFoundException e) {
                throw new SupabackupException(FailureKind.PARTIAL, "backup " + manifest.id() + " is missing "
                        + entry.path() + " that its manifest lists", "restore another backup", e);
            } catch (IOException e) {
                throw new UncheckedIOException("could not read " + key + " from " + store.location(), e);
            }
        }
    }

    /** Says which file a failed read came from: decryption and decompression errors do not. */
    private static final class NamingFailures extends java.io.FilterInputStream {
        private final String key;

        NamingFailures(InputStream in, String key) {
            super(in);
            this.key = key;
        }

        private IOException named(IOException e) {
            return e instanceof IntegrityException ? e
                    : new IntegrityException("could not read " + key + ", it is damaged or cut short: " + e.getMessage());
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                throw named(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                throw named(e);
            }
        }
    }
}
