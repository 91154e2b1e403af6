package io.supabackup.cli.command;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** How Storage files move. */
public final class StorageOptions {
    @Option(names = "--exclude-bucket", paramLabel = "NAME", description = "Leave this bucket out (repeatable).")
    List<String> excludedBuckets = new ArrayList<>();

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "8",
            description = "Storage files transferred at once (default: ${DEFAULT-VALUE}).")
    int parallel;
}
