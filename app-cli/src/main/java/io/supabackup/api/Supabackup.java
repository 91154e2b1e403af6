package io.supabackup.api;

import com.google.inject.Injector;
import io.supabackup.adapters.crypto.Compression;
import io.supabackup.adapters.crypto.CryptoConfig;
import io.supabackup.adapters.storage.gcs.GcsConfig;
import io.supabackup.adapters.storage.s3.S3Config;
import io.supabackup.adapters.supabase.SupabaseConfig;
import io.supabackup.cli.wiring.AppConfig;
import io.supabackup.cli.wiring.AppModule;
import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import io.supabackup.domain.model.BackupSummary;
import io.supabackup.domain.model.Manifest;
import io.supabackup.domain.port.in.BackupCommand;
import io.supabackup.domain.port.in.BackupResult;
import io.supabackup.domain.port.in.BackupUseCase;
import io.supabackup.domain.port.in.ListBackupsUseCase;
import io.supabackup.domain.port.in.PruneCommand;
import io.supabackup.domain.port.in.PruneReport;
import io.supabackup.domain.port.in.PruneUseCase;
import io.supabackup.domain.port.in.RestoreCommand;
import io.supabackup.domain.port.in.RestoreResult;
import io.supabackup.domain.port.in.RestoreUseCase;
import io.supabackup.domain.port.in.VerifyCommand;
import io.supabackup.domain.port.in.VerifyReport;
import io.supabackup.domain.port.in.VerifyUseCase;
import io.supabackup.domain.port.out.BackupRepository;
import io.supabackup.domain.port.out.BackupRepository.LockInfo;
import io.supabackup.domain.port.out.BackupRepository.LockStatus;
import io.supabackup.domain.port.out.Confirmer;
import io.supabackup.domain.port.out.ObjectStore;
import io.supabackup.domain.port.out.ProgressListener;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * supabackup for a Java program: the commands of the command line — backup, restore, list, verify, prune —
 * as methods that return the domain's result records instead of printing them. One instance serves one
 * repository with one set of keys; build it once and call it as often as needed:
 *
 * <pre>{@code
 * try (Supabackup supabackup = Supabackup.builder()
 *         .repository(Path.of("/var/backups/supabase"))
 *         .encryptTo(Path.of("keys/public.asc"))
 *         .build()) {
 *     BackupResult backup = supabackup.backup(new BackupCommand(DatabaseEndpoint.parse(url), DumpMode.SUPABASE, false));
 *     VerifyReport report = supabackup.verify(new VerifyCommand(backup.manifest().id().value(), false, false));
 * }
 * }</pre>
 *
 * Failures are thrown as {@link SupabackupException}, whose {@link SupabackupException#kind() kind} is what
 * the command line turns into its exit code. A damaged backup is not a failure of {@link #verify}: its
 * report says so ({@link VerifyReport#ok()}). A message is one line meant for a person, with a hint of the fix;
 * records and messages are written not to show passwords or keys, and the command line also masks every
 * secret it was given before it prints one — a program that logs messages may want to do the same.
 *
 * <p>The command line is built on this class: each of its runs makes one instance from the same
 * {@link AppConfig} its flags, environment and config files produce.
 */
public final class Supabackup implements AutoCloseable {
    /**
     * Says no to every question, so that nothing destructive happens without an explicit yes: a restore
     * goes ahead only when its command says {@link RestoreCommand#assumeYes()}.
     */
    public static final Confirmer REFUSE = question -> {
        throw new SupabackupException(FailureKind.REFUSED, "a confirmation is needed and there is nobody to ask: "
                + question, "set assumeYes in the command, or give the builder a Confirmer");
    };

    private final AppConfig config;
    private final Injector injector;
    private volatile boolean closed;

    private Supabackup(AppConfig config, Injector injector) {
        this.config = config;
        this.injector = injector;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The configuration this instance was built from, after validation. */
    public AppConfig config() {
        return config;
    }

    /** Makes a new backup (or, for a dry run, says what one would hold). */
    public BackupResult backup(BackupCommand command) {
        return use(BackupUseCase.class).backup(Objects.requireNonNull(command, "command"));
    }

    /** Restores a backup; asks the {@link Confirmer} first unless the command says {@code assumeYes}. */
    public RestoreResult restore(RestoreCommand command) {
        return use(RestoreUseCase.class).restore(Objects.requireNonNull(command, "command"));
    }

    /** The backups of the repository, complete and incomplete, oldest first; needs no key. */
    public List<BackupSummary> list() {
        return use(ListBackupsUseCase.class).list();
    }

    /** One backup by id, or {@code latest} for the newest complete one. */
    public BackupSummary show(String idOrLatest) {
        return use(ListBackupsUseCase.class).show(idOrLatest);
    }

    /** The whole manifest of a complete backup (id or {@code latest}); an encrypted one needs its key. */
    public Manifest manifest(String idOrLatest) {
        return use(ListBackupsUseCase.class).manifest(idOrLatest);
    }

    /** Reads backups back and holds every file against its manifest; problems are in the report, not thrown. */
    public VerifyReport verify(VerifyCommand command) {
        return use(VerifyUseCase.class).verify(Objects.requireNonNull(command, "command"));
    }

    /** Holds a live project against a backup: tables, buckets and users; differences are in the report. */
    public io.supabackup.domain.port.in.CompareReport compare(io.supabackup.domain.port.in.CompareCommand command) {
        return use(io.supabackup.domain.port.in.CompareUseCase.class).compare(Objects.requireNonNull(command, "command"));
    }

    /** Applies a retention policy and removes the stored files no remaining backup refers to. */
    public PruneReport prune(PruneCommand command) {
        return use(PruneUseCase.class).prune(Objects.requireNonNull(command, "command"));
    }

    /** The repository's locks, live and stale. */
    public List<LockStatus> locks() {
        return use(BackupRepository.class).locks();
    }

    /**
     * Removes stale locks (of processes on this host that are gone, or not refreshed for a long time), or every
     * lock with {@code removeAll}; returns the locks removed.
     */
    public List<LockInfo> unlock(boolean removeAll) {
        return use(BackupRepository.class).unlock(removeAll);
    }

    /** Ends the use of this instance; a later call fails. Idempotent. */
    @Override
    public void close() {
        closed = true;
    }

    private <T> T use(Class<T> type) {
        if (closed) {
            throw new IllegalStateException("this Supabackup instance is closed");
        }
        return AppModule.instance(injector, type);
    }

    /**
     * Collects the settings of a {@link Supabackup}; {@link #build()} checks them. Only a repository is
     * required. Paths that are not absolute are taken from the process's working directory.
     */
    public static final class Builder {
        private URI repository;
        private Path pgBin;
        private boolean quiet = true;
        private int connections = 8;
        private int retries = 4;
        private Duration lockWait = Duration.ZERO;
        private S3Config s3 = S3Config.defaults();
        private GcsConfig gcs = GcsConfig.defaults();
        private List<Path> encryptTo = new ArrayList<>();
        private char[] passphrase;
        private Path decryptKey;
        private char[] decryptKeyPassphrase;
        private Compression compression = Compression.DEFAULT;
        private SupabaseConfig supabase;
        private io.supabackup.domain.model.DatabaseEndpoint drillServer;
        private ProgressListener progress = ProgressListener.NONE;
        private Confirmer confirmer = REFUSE;

        private Builder() {
        }

        /** Takes every setting of a configuration record, as the command line makes it; later calls override. */
        public Builder config(AppConfig config) {
            repository = config.repository();
            pgBin = config.pgBin().orElse(null);
            quiet = config.quiet();
            connections = config.repositoryConnections();
            retries = config.repositoryAttempts() - 1;
            lockWait = config.lockWait();
            s3 = config.s3();
            gcs = config.gcs();
            crypto(config.crypto());
            supabase = config.supabase().orElse(null);
            drillServer = config.drillServer().orElse(null);
            return this;
        }

        /** A server where restore drills make (and drop) their throwaway database; none: an embedded PostgreSQL. */
        public Builder drillServer(io.supabackup.domain.model.DatabaseEndpoint server) {
            drillServer = server;
            return this;
        }

        /** A directory, a {@code file:} URI, {@code s3://bucket/prefix} or {@code gs://bucket/prefix}. */
        public Builder repository(String uriOrPath) {
            repository = AppConfig.repositoryUri(uriOrPath, Path.of("").toAbsolutePath());
            return this;
        }

        public Builder repository(Path directory) {
            repository = directory.toAbsolutePath().normalize().toUri();
            return this;
        }

        public Builder repository(URI uri) {
            repository = Objects.requireNonNull(uri, "repository");
            return this;
        }

        /** A folder of PostgreSQL client tools searched first; by default PATH and the usual install folders. */
        public Builder pgBin(Path folder) {
            pgBin = folder;
            return this;
        }

        /** At most this many operations against the repository at once (default 8). */
        public Builder connections(int value) {
            connections = value;
            return this;
        }

        /** Retries of a failed repository operation, with backoff (default 4). */
        public Builder retries(int value) {
            retries = value;
            return this;
        }

        /** How long to wait for a conflicting repository lock before giving up (default: not at all). */
        public Builder lockWait(Duration value) {
            lockWait = Objects.requireNonNull(value, "lockWait");
            return this;
        }

        /** Settings of an {@code s3://} repository. */
        public Builder s3(S3Config value) {
            s3 = Objects.requireNonNull(value, "s3");
            return this;
        }

        /** Settings of a {@code gs://} repository. */
        public Builder gcs(GcsConfig value) {
            gcs = Objects.requireNonNull(value, "gcs");
            return this;
        }

        /** Every key and the compression at once, replacing what {@link #encryptTo} and the others set. */
        public Builder crypto(CryptoConfig value) {
            Objects.requireNonNull(value, "crypto");
            encryptTo = new ArrayList<>(value.recipientKeyFiles());
            passphrase = value.passphrase();
            decryptKey = value.decryptKeyFile();
            decryptKeyPassphrase = value.decryptKeyPassphrase();
            compression = value.compression();
            return this;
        }

        /** Encrypt to the OpenPGP public key(s) in these files (added to those already given). */
        public Builder encryptTo(Path... publicKeyFiles) {
            encryptTo.addAll(Arrays.asList(publicKeyFiles));
            return this;
        }

        /** Encrypt, and decrypt, with a passphrase; the array is copied. */
        public Builder passphrase(char[] value) {
            passphrase = value == null ? null : value.clone();
            return this;
        }

        /** The OpenPGP secret key that opens encrypted backups, and the passphrase protecting it (or null). */
        public Builder decryptKey(Path secretKeyFile, char[] keyPassphrase) {
            decryptKey = secretKeyFile;
            decryptKeyPassphrase = keyPassphrase == null ? null : keyPassphrase.clone();
            return this;
        }

        /** {@code none}, {@code gzip[:1-9]} or {@code zstd[:1-22]} (default {@code zstd}). */
        public Builder compression(String codec) {
            compression = Compression.parse(codec);
            return this;
        }

        /** The project's Storage and Auth APIs, for backups and restores of files and users. */
        public Builder supabase(SupabaseConfig value) {
            supabase = value;
            return this;
        }

        /** Hears about the steps of long work; called from worker threads (default: nobody listens). */
        public Builder progress(ProgressListener value) {
            progress = Objects.requireNonNull(value, "progress");
            return this;
        }

        /** Answers a restore's question (default {@link Supabackup#REFUSE}). */
        public Builder confirmer(Confirmer value) {
            confirmer = Objects.requireNonNull(value, "confirmer");
            return this;
        }

        /**
         * Checks the settings and builds the object graph once; an unknown repository scheme, a missing key
         * file or a bad value fails here, as a {@link SupabackupException} of kind {@code USAGE}.
         */
        public Supabackup build() {
            if (repository == null) {
                throw new SupabackupException(FailureKind.USAGE, "no repository given",
                        "call repository(…) with a directory or an s3:// or gs:// URI");
            }
            if (retries < 0) {
                throw new SupabackupException(FailureKind.USAGE, "the repository retries cannot be negative: " + retries);
            }
            List<Path> recipients = encryptTo.stream().map(file -> requireFile(file, "public key")).toList();
            Path secretKey = decryptKey == null ? null : requireFile(decryptKey, "secret key");
            AppConfig config = new AppConfig(repository, Optional.ofNullable(pgBin), quiet, connections, retries + 1,
                    s3, gcs, new CryptoConfig(recipients, passphrase, secretKey, decryptKeyPassphrase, compression),
                    Optional.ofNullable(supabase), lockWait, Optional.ofNullable(drillServer));
            Injector injector = AppModule.injector(config, progress, confirmer);
            // opening the store here makes an unknown scheme or a malformed URI fail at build time
            AppModule.instance(injector, ObjectStore.class);
            return new Supabackup(config, injector);
        }

        private static Path requireFile(Path file, String what) {
            Path absolute = file.toAbsolutePath();
            if (!Files.isRegularFile(absolute)) {
                throw new SupabackupException(FailureKind.USAGE, "the " + what + " file " + absolute + " does not exist",
                        "give the path of an OpenPGP key file ('supabackup key generate' makes one)");
            }
            return absolute;
        }
    }
}
