package io.supabackup.cli.wiring;

import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import io.supabackup.adapters.crypto.CryptoConfig;
import io.supabackup.adapters.storage.gcs.GcsConfig;
import io.supabackup.adapters.supabase.SupabaseConfig;
import io.supabackup.adapters.storage.s3.S3Config;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The configuration the object graph is built from, after the settings cascade has been applied.
 *
 * @param repository where the backups live, as a URI whose scheme picks the ObjectStore adapter
 * @param pgBin      an explicit folder of PostgreSQL client tools
 * @param quiet      no progress output
 * @param repositoryConnections how many operations may run against the repository at once
 * @param repositoryAttempts    how often a failed repository operation is tried in all
 * @param s3                    settings of an S3 repository (defaults unless the repository is on S3)
 * @param gcs                   settings of a Google Cloud Storage repository (defaults unless it is on GCS)
 * @param crypto                compression, and the keys or passphrase that encrypt and decrypt
 * @param supabase              the project's Storage and Auth APIs, when a project URL and key are given
 * @param lockWait              how long to wait for a conflicting repository lock before giving up
 * @param drillServer           where restore drills make their throwaway database; empty for an embedded server
 */
public record AppConfig(URI repository, Optional<Path> pgBin, boolean quiet, int repositoryConnections,
                        int repositoryAttempts, S3Config s3, GcsConfig gcs, CryptoConfig crypto,
                        Optional<SupabaseConfig> supabase, java.time.Duration lockWait,
                        Optional<io.supabackup.domain.model.DatabaseEndpoint> drillServer) {
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:.*");

    public AppConfig {
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(pgBin, "pgBin");
        Objects.requireNonNull(s3, "s3");
        Objects.requireNonNull(gcs, "gcs");
        Objects.requireNonNull(crypto, "crypto");
        Objects.requireNonNull(supabase, "supabase");
        Objects.requireNonNull(lockWait, "lockWait");
        Objects.requireNonNull(drillServer, "drillServer");
        if (repositoryConnections < 1) {
            throw new SupabackupException(FailureKind.USAGE, "--repo-connections must be at least 1");
        }
        if (repositoryAttempts < 1) {
            throw new SupabackupException(FailureKind.USAGE, "--repo-retries must be at least 0");
        }
    }

    public AppConfig(URI repository, Optional<Path> pgBin, boolean quiet, int repositoryConnections,
                     int repositoryAttempts, S3Config s3, GcsConfig gcs, CryptoConfig crypto,
                     Optional<SupabaseConfig> supabase) {
        this(repository, pgBin, quiet, repositoryConnections, repositoryAttempts, s3, gcs, crypto, supabase,
                java.time.Duration.ZERO, Optional.empty());
    }

    /** The same configuration with restore drills made on {@code server}. */
    public AppConfig withDrillServer(Optional<io.supabackup.domain.model.DatabaseEndpoint> server) {
        return new AppConfig(repository, pgBin, quiet, repositoryConnections, repositoryAttempts, s3, gcs, crypto,
                supabase, lockWait, server);
    }

    /**
     * Turns a {@code --repo} value into a URI: a value with a scheme ({@code s3://…}, {@code file:/…}) is
     * taken as it is, anything else is a path relative to {@code workingDirectory}.
     */
    public static URI repositoryUri(String value, Path workingDirectory) {
        if (value == null || value.isBlank()) {
            throw new SupabackupException(FailureKind.USAGE, "--repo is empty", "give a directory or a URI");
        }
        if (SCHEME.matcher(value).matches()) {
            try {
                URI uri = new URI(value);
                if (uri.getScheme().equalsIgnoreCase("file") && uri.getPath() == null) {
                    return workingDirectory.resolve(value.substring("file:".length())).normalize().toUri();
                }
                return uri;
            } catch (URISyntaxException e) {
                throw new SupabackupException(FailureKind.USAGE, "--repo '" + value + "' is not a valid URI: "
                        + e.getReason(), "percent-encode special characters, or give a plain path");
            }
        }
        return workingDirectory.resolve(value).toAbsolutePath().normalize().toUri();
    }
}
