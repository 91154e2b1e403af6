package io.supabackup.adapters.storage.gcs;

import com.google.api.client.http.HttpResponseException;
import com.google.cloud.storage.StorageException;
import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.util.Locale;

/**
 * Turns what the client throws into what the port promises: a {@link SupabackupException} for a missing
 * bucket or refused credentials (no retry can help, and the user must act), an {@link IOException} for
 * everything else. Messages name the credentials' source, never their content.
 */
final class GcsErrors {
    private static final int MAX_DETAIL = 300;

    private final String bucket;
    private final String location;
    private final String credentialsSource;

    GcsErrors(String bucket, String location, String credentialsSource) {
        this.bucket = bucket;
        this.location = location;
        this.credentialsSource = credentialsSource;
    }

    /** The client's exception behind {@code failure}, if it came from the client at all. */
    static StorageException storageCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof StorageException storage) {
                return storage;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    static boolean isNotFound(Throwable failure) {
        StorageException storage = storageCause(failure);
        return storage != null && storage.getCode() == 404;
    }

    SupabackupException bucketMissing(Throwable cause) {
        return new SupabackupException(FailureKind.NOT_FOUND,
                "GCS bucket '" + bucket + "' of the repository " + location + " does not exist",
                "create it first (gcloud storage buckets create gs://" + bucket + " --location=LOCATION) "
                        + "or correct the gs:// URI",
                cause);
    }

    /** An {@link IOException} naming the missing bucket, for calls whose contract allows only that. */
    IOException bucketMissingAsIo(Throwable cause) {
        SupabackupException missing = bucketMissing(cause);
        return new IOException(missing.getMessage(), missing);
    }

    /**
     * Returns the IOException to throw for {@code failure} while doing {@code action}, or throws a
     * {@link SupabackupException} when the credentials were refused.
     */
    IOException map(String action, Throwable failure) {
        if (failure instanceof InterruptedIOException || failure instanceof ClosedByInterruptException) {
            return (IOException) failure;
        }
        StorageException storage = storageCause(failure);
        int code = storage == null ? 0 : storage.getCode();
        if (code == 403 && isProtection(storage)) {
            return new IOException(action + " in " + location + " was refused: the object is under a retention "
                    + "period or hold (" + detail(storage) + ")", failure);
        }
        if (code == 401 || code == 403 || tokenRefused(failure)) {
            throw refused(code, storage == null ? failure : storage);
        }
        if (storage == null && failure instanceof IOException io) {
            return io;
        }
        return new IOException(action + " in " + location + " failed: " + detail(failure), failure);
    }

    private SupabackupException refused(int code, Throwable failure) {
        String status = code == 0 ? "" : " (HTTP " + code + ")";
        return new SupabackupException(FailureKind.USAGE,
                "Google Cloud Storage refused " + credentialsSource + " for " + location + status + ": "
                        + detail(failure),
                "check that these credentials are valid and may read, write and delete objects in bucket '"
                        + bucket + "' (role roles/storage.objectAdmin), or choose others with --gcs-credentials FILE"
                        + (credentialsSource.equals(GcsClients.ADC)
                                ? " or 'gcloud auth application-default login'" : ""),
                failure);
    }

    private static boolean isProtection(StorageException storage) {
        String reason = storage.getReason() == null ? "" : storage.getReason().toLowerCase(Locale.ROOT);
        String message = storage.getMessage() == null ? "" : storage.getMessage().toLowerCase(Locale.ROOT);
        return reason.contains("retention") || message.contains("retention") || message.contains(" hold");
    }

    /**
     * Failed while obtaining a token because the token endpoint answered with a client error (a revoked or
     * malformed key, expired user credentials). A token endpoint that could not be reached is transient
     * and stays an IOException, which may be retried.
     */
    private static boolean tokenRefused(Throwable failure) {
        boolean inAuthLibrary = false;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getClass().getName().startsWith("com.google.auth.")) {
                inAuthLibrary = true;
            }
            if (inAuthLibrary && t instanceof HttpResponseException response
                    && response.getStatusCode() >= 400 && response.getStatusCode() < 500) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static String detail(Throwable failure) {
        String message = failure.getMessage();
        if (message == null || message.isBlank()) {
            message = failure.getClass().getSimpleName();
        }
        message = message.strip();
        int newline = message.indexOf('\n');
        if (newline >= 0) {
            message = message.substring(0, newline).strip();
        }
        return message.length() > MAX_DETAIL ? message.substring(0, MAX_DETAIL) + "…" : message;
    }
}
