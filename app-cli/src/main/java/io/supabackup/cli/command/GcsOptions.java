package io.supabackup.cli.command;

import io.supabackup.adapters.storage.gcs.GcsConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Settings of a {@code gs://bucket/prefix} repository; read only when the repository is on Google Cloud Storage. */
public final class GcsOptions {
    @Option(names = "--gcs-credentials", paramLabel = "FILE",
            description = "Service-account JSON key (default: Application Default Credentials).")
    Path credentials;

    @Option(names = "--gcs-project", paramLabel = "ID", description = "Google Cloud project id.")
    String project;

    @Option(names = "--gcs-endpoint", paramLabel = "URL", description = "Endpoint of an emulator such as fake-gcs-server.")
    String endpoint;

    @Option(names = "--gcs-anonymous", description = "Send no credentials (emulators).")
    boolean anonymous;

    @Option(names = "--gcs-storage-class", paramLabel = "CLASS", description = "Storage class of new objects, e.g. NEARLINE.")
    String storageClass;

    @Option(names = "--gcs-chunk-size", paramLabel = "MiB", defaultValue = "16",
            description = "Resumable upload chunk size in MiB (default: ${DEFAULT-VALUE}).")
    int chunkSizeMiB;

    @Option(names = "--gcs-retention-days", paramLabel = "DAYS", defaultValue = "0",
            description = "Object retention: days a written object cannot be deleted (the bucket must allow it).")
    int retentionDays;

    @Option(names = "--gcs-retention-mode", paramLabel = "MODE", defaultValue = "UNLOCKED",
            description = "UNLOCKED or LOCKED (default: ${DEFAULT-VALUE}).")
    GcsConfig.RetentionMode retentionMode;

    @Option(names = "--gcs-hold", paramLabel = "HOLD", defaultValue = "NONE",
            description = "A hold on every written object: NONE, TEMPORARY or EVENT_BASED (default: ${DEFAULT-VALUE}).")
    GcsConfig.Hold hold;

    GcsConfig toConfig() {
        GcsConfig config = GcsConfig.defaults()
                .withProjectId(project)
                .withCredentialsFile(credentials)
                .withAnonymous(anonymous)
                .withEndpoint(endpoint == null || endpoint.isBlank() ? null : URI.create(endpoint))
                .withStorageClass(storageClass)
                .withChunkSize(chunkSizeMiB * 1024 * 1024)
                .withHold(hold);
        return retentionDays > 0 ? config.withRetention(Duration.ofDays(retentionDays), retentionMode) : config;
    }
}
