package io.supabackup.cli.command;

import picocli.CommandLine.Option;

/** Where the backups live. */
public final class RepositoryOptions {
    @Option(names = {"-r", "--repo"}, paramLabel = "URI", defaultValue = "./backups",
            description = "The repository: a directory or file: URI (default: ${DEFAULT-VALUE}; env SUPABACKUP_REPO).")
    public String repository;
}
