package io.supabackup.cli.command;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Where the backups live. */
public final class RepositoryOptions {
    @Option(names = {"-r", "--repo"}, paramLabel = "URI", defaultValue = "./backups",
            description = "The repository: a directory or file: URI (default: ${DEFAULT-VALUE}; env SUPABACKUP_REPO).")
    public String repository;

    @Option(names = "--repo-connections", paramLabel = "N", defaultValue = "8",
            description = "At most N operations against the repository at once (default: ${DEFAULT-VALUE}).")
    public int connections;

    @Option(names = "--repo-retries", paramLabel = "N", defaultValue = "4",
            description = "Retry a failed repository operation up to N times, with backoff (default: ${DEFAULT-VALUE}).")
    public int retries;

    @Option(names = "--lock-wait", paramLabel = "DURATION", defaultValue = "0s", converter = DurationConverter.class,
            description = "Wait up to DURATION (30s, 10m, 1h) for a conflicting repository lock (a prune beside a "
                    + "backup, or the reverse) before giving up with exit 11 (default: ${DEFAULT-VALUE}).")
    public java.time.Duration lockWait;

    @Mixin
    S3Options s3;

    @Mixin
    GcsOptions gcs;

    @Mixin
    CryptoOptions crypto;
}
