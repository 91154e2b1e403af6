package io.supabackup.cli.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.google.inject.Injector;
import io.supabackup.adapters.crypto.CryptoConfig;
import io.supabackup.adapters.storage.gcs.GcsConfig;
import io.supabackup.adapters.storage.s3.S3Config;
import io.supabackup.adapters.supabase.SupabaseConfig;
import io.supabackup.api.Supabackup;
import io.supabackup.cli.CliContext;
import io.supabackup.cli.config.Settings;
import io.supabackup.cli.wiring.AppConfig;
import io.supabackup.cli.wiring.AppModule;
import io.supabackup.cli.wiring.TerminalUi;
import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import io.supabackup.domain.model.DatabaseEndpoint;
import io.supabackup.domain.port.out.Confirmer;
import io.supabackup.domain.port.out.ProgressListener;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.ParentCommand;

/** What every command shares: the context, the common options, the object graph and JSON output. */
abstract class AbstractCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @ParentCommand
    SupabackupCommand root;

    @Mixin
    OutputOptions output;

    @Spec
    CommandSpec spec;

    protected CliContext context() {
        return root.context();
    }

    /** The facade over this run's object graph, built from the options; errors surface as they are. */
    protected Supabackup supabackup(RepositoryOptions repository, Path pgBin) {
        return supabackup(repository, pgBin, Optional.empty());
    }

    protected Supabackup supabackup(RepositoryOptions repository, Path pgBin, Optional<SupabaseConfig> supabase) {
        return supabackup(appConfig(repository, pgBin, supabase, repository.crypto.toConfig(context())));
    }

    /** The facade over a configuration, showing progress and asking questions on this run's terminal. */
    protected Supabackup supabackup(AppConfig config) {
        return Supabackup.builder().config(config).progress(progress(config.quiet())).confirmer(confirmer()).build();
    }

    /** Progress on standard error in the style the terminal and environment call for; none when quiet. */
    protected ProgressListener progress(boolean quiet) {
        return TerminalUi.progress(quiet, context().terminal(), context().environment(), context().err());
    }

    protected Confirmer confirmer() {
        return TerminalUi.confirmer(context().terminal());
    }

    /** The configuration of the object graph, with the keys given rather than read from the options. */
    protected AppConfig appConfig(RepositoryOptions repository, Path pgBin, Optional<SupabaseConfig> supabase,
                                  CryptoConfig crypto) {
        URI uri = AppConfig.repositoryUri(repository.repository, context().workingDirectory());
        // only the chosen adapter's settings are read, so a stray setting of another cannot get in the way
        S3Config s3 = "s3".equalsIgnoreCase(uri.getScheme())
                ? repository.s3.toConfig(context(), matched("--s3-secret-access-key")) : S3Config.defaults();
        GcsConfig gcs = "gs".equalsIgnoreCase(uri.getScheme()) ? repository.gcs.toConfig() : GcsConfig.defaults();
        return new AppConfig(uri, Optional.ofNullable(pgBin), output.quiet || output.json,
                repository.connections, repository.retries + 1, s3, gcs, crypto, supabase, repository.lockWait,
                Optional.empty());
    }

    /**
     * The object graph itself, for the checks of {@code doctor} that look below the use cases (the store, the
     * repository); everything else goes through {@link #supabackup}.
     */
    protected Injector injector(AppConfig config) {
        return AppModule.injector(config, progress(config.quiet()), confirmer());
    }

    /** Gets an object from the graph; errors raised while building it surface as they are. */
    protected static <T> T instance(Injector injector, Class<T> type) {
        return AppModule.instance(injector, type);
    }

    /** True when the option was given on the command line itself (not by the environment or a file). */
    protected boolean matched(String option) {
        return spec.commandLine().getParseResult().hasMatchedOption(option);
    }

    /** Parses a connection string, remembering its password so that no message can show it. */
    protected DatabaseEndpoint endpoint(String connection, String optionName) {
        if (connection == null || connection.isBlank()) {
            throw new SupabackupException(FailureKind.USAGE, "no database given",
                    "pass " + optionName + " postgresql://USER:PASSWORD@HOST:PORT/DATABASE or set "
                            + String.join(" or ", Settings.environmentNames(optionName.substring(2))));
        }
        DatabaseEndpoint endpoint = DatabaseEndpoint.parse(connection);
        context().registerSecret(endpoint.password());
        return endpoint;
    }

    protected void printJson(Object value) {
        try {
            context().out().println(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot print the result as JSON", e);
        }
    }
}
