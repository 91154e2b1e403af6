package io.supabackup.adapters.storage.gcs;

import com.google.api.gax.retrying.RetrySettings;
import com.google.auth.Credentials;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.cloud.NoCredentials;
import com.google.cloud.storage.HttpStorageOptions;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import com.google.cloud.storage.StorageRetryStrategy;
import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;

/** Builds the {@link Storage} client a {@link GcsConfig} describes. */
final class GcsClients {
    /** Stands in for a project when an emulator is used anonymously, so the client does not go looking for one. */
    static final String ANONYMOUS_PROJECT = "supabackup-anonymous";

    static final String ADC = "Application Default Credentials";
    static final String NO_CREDENTIALS = "no credentials (anonymous access)";

    private GcsClients() {
    }

    /** A client and a description of its credentials for messages (a path or a kind, never key material). */
    record Client(Storage storage, String credentialsSource) {
    }

    static Client create(GcsConfig config) {
        return create(config, retrySettings());
    }

    static Client create(GcsConfig config, RetrySettings retrySettings) {
        Credentials credentials;
        String source;
        String projectId = config.projectId();
        if (config.anonymous()) {
            credentials = NoCredentials.getInstance();
            source = NO_CREDENTIALS;
            if (projectId == null) {
                projectId = ANONYMOUS_PROJECT;
            }
        } else if (config.credentialsFile() != null) {
            ServiceAccountCredentials account = serviceAccount(config.credentialsFile());
            credentials = account;
            source = describe(config.credentialsFile());
            if (projectId == null) {
                projectId = account.getProjectId();
            }
        } else {
            GoogleCredentials adc = applicationDefault();
            credentials = adc;
            source = ADC;
            if (projectId == null) {
                projectId = adc.getProjectId();
            }
        }
        HttpStorageOptions.Builder options = StorageOptions.http()
                .setCredentials(credentials)
                .setRetrySettings(retrySettings)
                // Every write this adapter makes puts the same bytes under the same key again when
                // repeated, so every call is safe to retry; the default strategy would not retry the
                // creation of an object or of an upload session without a generation precondition.
                .setStorageRetryStrategy(StorageRetryStrategy.getUniformStorageRetryStrategy());
        if (projectId != null) {
            options.setProjectId(projectId);
        }
        if (config.endpoint() != null) {
            options.setHost(config.endpoint().toString());
        }
        return new Client(options.build().getService(), source);
    }

    /**
     * The client retries transient failures (429, 5xx, broken connections) itself, inside one call: it is
     * the only place where a resumable upload's chunk can be sent again once the source stream has moved
     * past it. The repository's own retry wraps whole operations on top, so these stay short.
     */
    static RetrySettings retrySettings() {
        return RetrySettings.newBuilder()
                .setMaxAttempts(6)
                .setInitialRetryDelayDuration(Duration.ofMillis(500))
                .setRetryDelayMultiplier(2.0)
                .setMaxRetryDelayDuration(Duration.ofSeconds(16))
                .setTotalTimeoutDuration(Duration.ofMinutes(2))
                .build();
    }

    static String describe(Path credentialsFile) {
        return "the credentials file " + credentialsFile.toAbsolutePath();
    }

    private static ServiceAccountCredentials serviceAccount(Path file) {
        String hint = "pass a service-account JSON key file to --gcs-credentials, or leave it out to use "
                + "Application Default Credentials";
        try (InputStream in = Files.newInputStream(file)) {
            return ServiceAccountCredentials.fromStream(in);
        } catch (NoSuchFileException e) {
            throw new SupabackupException(FailureKind.USAGE, "GCS credentials file " + file.toAbsolutePath()
                    + " does not exist", hint);
        } catch (IOException | RuntimeException e) {
            // The parser's message may quote the file; only its kind is safe to show.
            throw new SupabackupException(FailureKind.USAGE, "GCS credentials file " + file.toAbsolutePath()
                    + " could not be read as a service-account JSON key (" + e.getClass().getSimpleName() + ")",
                    hint);
        }
    }

    private static GoogleCredentials applicationDefault() {
        try {
            return GoogleCredentials.getApplicationDefault();
        } catch (IOException | RuntimeException e) {
            throw new SupabackupException(FailureKind.USAGE,
                    "no Google Cloud " + ADC + " were found for the gs:// repository",
                    "run 'gcloud auth application-default login', set GOOGLE_APPLICATION_CREDENTIALS, "
                            + "or pass a service-account key file with --gcs-credentials FILE");
        }
    }
}
