package io.supabackup.cli.command;

import picocli.CommandLine.Option;

/** Options every command shares: how it talks and where its configuration comes from. */
public final class OutputOptions {
    // every command's usage error ends with "Run '… --help' for usage", so every command must answer it
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    public boolean help;

    @Option(names = "--json", description = "Print the result as JSON on standard output.")
    public boolean json;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing but the result and errors.")
    public boolean quiet;

    @Option(names = "--debug", description = "Show debug logs and stack traces of errors.")
    public boolean debug;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Config file of option=value lines (default: ./supabackup.properties when present; env SUPABACKUP_CONFIG).")
    public String config;
}
