package io.supabackup.cli.command;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where to find the PostgreSQL client tools. */
public final class PostgresOptions {
    @Option(names = "--pg-bin", paramLabel = "DIR",
            description = "Directory holding pg_dump, pg_dumpall, pg_restore and psql; searched before PATH and the usual install folders (env SUPABACKUP_PG_BIN).")
    public Path pgBin;
}
