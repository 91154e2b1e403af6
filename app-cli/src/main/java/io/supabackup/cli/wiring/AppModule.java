package io.supabackup.cli.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.Provider;
import com.google.inject.ProvisionException;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.supabackup.adapters.postgres.PostgresConfig;
import io.supabackup.adapters.postgres.PostgresModule;
import io.supabackup.adapters.crypto.CryptoConfig;
import io.supabackup.adapters.crypto.CryptoModule;
import io.supabackup.adapters.storage.gcs.GcsStorageModule;
import io.supabackup.adapters.storage.local.LocalStorageModule;
import io.supabackup.adapters.supabase.SupabaseModule;
import io.supabackup.adapters.storage.s3.S3StorageModule;
import io.supabackup.cli.Interruption;
import io.supabackup.cli.VersionProvider;
import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import io.supabackup.domain.port.in.BackupUseCase;
import io.supabackup.domain.port.in.ListBackupsUseCase;
import io.supabackup.domain.port.in.CompareUseCase;
import io.supabackup.domain.port.in.PruneUseCase;
import io.supabackup.domain.port.in.RestoreUseCase;
import io.supabackup.domain.port.in.VerifyUseCase;
import io.supabackup.domain.port.out.AuthDirectory;
import io.supabackup.domain.port.out.BackupRepository;
import io.supabackup.domain.port.out.BucketStore;
import io.supabackup.domain.port.out.Compressor;
import io.supabackup.domain.port.out.Confirmer;
import io.supabackup.domain.port.out.DatabaseExporter;
import io.supabackup.domain.port.out.DatabaseImporter;
import io.supabackup.domain.port.out.Encryptor;
import io.supabackup.domain.port.out.ObjectStore;
import io.supabackup.domain.port.out.ObjectStoreFactory;
import io.supabackup.domain.port.out.ProgressListener;
import io.supabackup.domain.port.out.ScratchDatabases;
import io.supabackup.domain.repository.ObjectStoreBackupRepository;
import io.supabackup.domain.service.BackupService;
import io.supabackup.domain.service.CompareService;
import io.supabackup.domain.service.ListBackups;
import io.supabackup.domain.service.PruneService;
import io.supabackup.domain.service.VerifyService;
import io.supabackup.domain.service.RestoreService;
import io.supabackup.domain.store.LimitedObjectStore;
import io.supabackup.domain.store.LoggingObjectStore;
import io.supabackup.domain.store.RetryingObjectStore;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.TreeSet;

/**
 * The object graph of one configuration. Adapters bring their own Guice modules; repository adapters register an
 * {@link ObjectStoreFactory} per URI scheme, and the repository URI's scheme picks one. A jar on the
 * class path can add modules (and so schemes) through {@link ServiceLoader} of {@link Module}.
 *
 * <p>What belongs to the caller rather than to the configuration — how progress is shown, and who answers
 * a confirmation — comes in from outside, so that the command line and an embedding program build the
 * same graph.
 */
public final class AppModule extends AbstractModule {
    private final AppConfig config;
    private final ProgressListener progress;
    private final Confirmer confirmer;

    public AppModule(AppConfig config, ProgressListener progress, Confirmer confirmer) {
        this.config = Objects.requireNonNull(config, "config");
        this.progress = Objects.requireNonNull(progress, "progress");
        this.confirmer = Objects.requireNonNull(confirmer, "confirmer");
    }

    /** Builds the graph; an error raised while building it surfaces as it is, not wrapped by Guice. */
    public static Injector injector(AppConfig config, ProgressListener progress, Confirmer confirmer) {
        try {
            return Guice.createInjector(new AppModule(config, progress, confirmer));
        } catch (CreationException e) {
            throw unwrapped(e);
        }
    }

    /** Gets an object from the graph; an error raised while building it surfaces as it is. */
    public static <T> T instance(Injector injector, Class<T> type) {
        try {
            return injector.getInstance(type);
        } catch (ProvisionException | CreationException e) {
            throw unwrapped(e);
        }
    }

    private static RuntimeException unwrapped(RuntimeException guiceError) {
        return guiceError.getCause() instanceof RuntimeException cause ? cause : guiceError;
    }

    @Override
    protected void configure() {
        install(new PostgresModule(new PostgresConfig(config.pgBin()).withDrillServer(config.drillServer())));
        install(new LocalStorageModule());
        install(new S3StorageModule(config.s3()));
        install(new GcsStorageModule(config.gcs()));
        install(new CryptoModule(config.crypto()));
        config.supabase().ifPresent(supabase -> install(new SupabaseModule(supabase)));
        for (Module extension : ServiceLoader.load(Module.class)) {
            install(extension);
        }
        bind(AppConfig.class).toInstance(config);
        bind(Clock.class).toInstance(Clock.systemUTC());
        bind(ProgressListener.class).toInstance(progress);
        bind(Confirmer.class).toInstance(confirmer);
    }

    @Provides
    @Singleton
    ObjectStore objectStore(Map<String, ObjectStoreFactory> factories) {
        String scheme = config.repository().getScheme().toLowerCase(Locale.ROOT);
        ObjectStoreFactory factory = factories.get(scheme);
        if (factory == null) {
            throw new SupabackupException(FailureKind.USAGE, "unknown repository scheme '" + scheme + ":' in --repo",
                    "the known schemes are: " + String.join(", ", new TreeSet<>(factories.keySet()))
                            + " (or give a plain directory path)");
        }
        // Cross-cutting behaviour is added here, once, for every adapter: retry outermost so that each
        // attempt waits for a free connection again and is logged on its own.
        ObjectStore raw = factory.open(config.repository());
        return new RetryingObjectStore(new LoggingObjectStore(new LimitedObjectStore(raw, config.repositoryConnections())),
                config.repositoryAttempts());
    }

    @Provides
    @Singleton
    BackupRepository repository(ObjectStore store, Clock clock, Compressor compressor, Provider<Encryptor> encryptor) {
        CryptoConfig crypto = config.crypto();
        boolean keys = crypto.canEncrypt() || crypto.decryptKeyFile() != null;
        ObjectStoreBackupRepository repository = new ObjectStoreBackupRepository(store, clock,
                "supabackup " + VersionProvider.version(), compressor,
                keys ? encryptor.get() : null, new ObjectStoreBackupRepository.LockTiming(config.lockWait(),
                ObjectStoreBackupRepository.LockTiming.DEFAULT.refreshEvery(),
                ObjectStoreBackupRepository.LockTiming.DEFAULT.staleAfter()));
        Interruption.watch(repository);
        return repository;
    }

    @Provides
    BackupUseCase backupUseCase(DatabaseExporter exporter, BackupRepository repository, ProgressListener progress,
                                Clock clock, Injector injector) {
        return new BackupService(exporter, repository, progress, clock, () -> authDirectory(injector),
                () -> bucketStore(injector));
    }

    @Provides
    RestoreUseCase restoreUseCase(BackupRepository repository, DatabaseImporter importer, Confirmer confirmer,
                                  ProgressListener progress, Clock clock, Injector injector) {
        return new RestoreService(repository, importer, confirmer, progress, clock, () -> authDirectory(injector),
                () -> bucketStore(injector));
    }

    private AuthDirectory authDirectory(Injector injector) {
        requireApi("the Auth users");
        return injector.getInstance(AuthDirectory.class);
    }

    private BucketStore bucketStore(Injector injector) {
        requireApi("the Storage files");
        return injector.getInstance(BucketStore.class);
    }

    private void requireApi(String what) {
        if (config.supabase().isEmpty()) {
            throw new SupabackupException(FailureKind.USAGE, what + " need the project's API",
                    "give --project-url https://REF.supabase.co and the service role key (SUPABASE_SERVICE_ROLE_KEY)");
        }
    }

    @Provides
    ListBackupsUseCase listUseCase(BackupRepository repository) {
        return new ListBackups(repository);
    }

    @Provides
    VerifyUseCase verifyUseCase(BackupRepository repository, ProgressListener progress, Clock clock,
                                Provider<ScratchDatabases> scratches, DatabaseImporter importer,
                                DatabaseExporter exporter, RestoreUseCase restore) {
        return new VerifyService(repository, progress, clock, scratches::get, importer, exporter, restore);
    }

    @Provides
    CompareUseCase compareUseCase(BackupRepository repository, DatabaseExporter exporter, ProgressListener progress,
                                  Clock clock, Injector injector) {
        return new CompareService(repository, exporter, () -> bucketStore(injector), () -> authDirectory(injector),
                progress, clock);
    }

    @Provides
    PruneUseCase pruneUseCase(BackupRepository repository, ProgressListener progress, Clock clock) {
        return new PruneService(repository, progress, clock);
    }
}
