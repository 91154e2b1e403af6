package io.supabackup.cli.command;

import io.supabackup.api.Supabackup;
import io.supabackup.cli.wiring.Sizes;
import io.supabackup.domain.model.DatabaseEndpoint;
import io.supabackup.domain.port.in.RestoreResult;
import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import io.supabackup.domain.port.in.RestorePart;
import io.supabackup.domain.port.in.StorageSelection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code supabackup restore}: replays a backup into a database. */
@Command(name = "restore", description = "Restore a backup into a database.", sortOptions = false)
final class RestoreCommand extends AbstractCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "ID", defaultValue = "latest",
            description = "The backup to restore: an id from 'list', or 'latest' (default).")
    String backup;

    @Mixin
    RepositoryOptions repository;

    @Mixin
    PostgresOptions postgres;

    @Option(names = "--target-db-url", paramLabel = "URL",
            description = "The database to restore into (default: --db-url). It should be empty, or a new Supabase project.")
    String targetDbUrl;

    @Option(names = "--db-url", paramLabel = "URL", description = "The source database; the target when --target-db-url is not given (env SUPABASE_DB_URL).")
    String dbUrl;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
    boolean yes;

    @Option(names = "--force", description = "Restore even though the target's user schemas already hold tables.")
    boolean force;

    @Option(names = "--from-json", description = "Load the data from the backup's JSON export (made with --table-json) instead of its SQL data dump.")
    boolean fromJson;

    @Mixin
    SupabaseOptions supabase;

    @Mixin
    StorageOptions storage;

    @Option(names = "--only", paramLabel = "PARTS", split = ",",
            description = "What to restore: db (roles, schema, data — auth.users included), storage (buckets and "
                    + "files), auth (the users through the Auth admin API, for when the database is not restored); "
                    + "default: db, plus storage when the project's API is given.")
    List<String> only;

    @Option(names = "--overwrite", description = "Replace Storage files whose content differs from the backup's.")
    boolean overwrite;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N", defaultValue = "2",
            description = "Parallel pg_restore jobs for a --full backup (default: ${DEFAULT-VALUE}).")
    int jobs;

    @Option(names = "--dry-run", description = "Check the backup, the target and the confirmation's facts, say what "
            + "would be restored where; change nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
        var api = supabase.toConfig(context(), matched("--service-role-key"));
        List<String> wanted = only == null || only.isEmpty()
                ? (api.isPresent() ? List.of("db", "storage") : List.of("db")) : only;
        Set<RestorePart> parts = EnumSet.noneOf(RestorePart.class);
        for (String part : wanted) {
            switch (part.trim().toLowerCase(Locale.ROOT)) {
                case "db", "database" -> parts.add(RestorePart.DATABASE);
                case "auth" -> parts.add(RestorePart.AUTH);
                case "storage" -> parts.add(RestorePart.STORAGE);
                default -> throw new SupabackupException(FailureKind.USAGE, "--only does not know '" + part + "'",
                        "use db, storage and auth, comma-separated");
            }
        }
        DatabaseEndpoint target = null;
        if (parts.contains(RestorePart.DATABASE)) {
            boolean explicitTarget = targetDbUrl != null && !targetDbUrl.isBlank();
            target = endpoint(explicitTarget ? targetDbUrl : dbUrl,
                    explicitTarget || dbUrl == null ? "--target-db-url" : "--db-url");
        }
        var command = new io.supabackup.domain.port.in.RestoreCommand(backup, target, force, yes, fromJson, jobs, parts,
                new StorageSelection(true, Set.copyOf(storage.excludedBuckets), storage.parallel, overwrite), dryRun);
        RestoreResult result;
        try (Supabackup supabackup = supabackup(repository, postgres.pgBin, api)) {
            result = supabackup.restore(command);
        }
        if (output.json) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("id", result.manifest().id().value());
            json.put("target", result.target());
            json.put("steps", result.steps());
            json.put("seconds", result.took().toMillis() / 1000.0);
            json.put("dryRun", dryRun);
            printJson(json);
        } else if (dryRun) {
            context().out().println("Dry run: " + String.join("; ", result.steps()));
        } else {
            context().out().println("Restored backup " + result.manifest().id() + " into " + result.target() + " ("
                    + String.join(", ", result.steps()) + ") in " + Sizes.seconds(result.took()));
        }
        return 0;
    }
}
