package io.supabackup.cli.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.ProvisionException;
import io.supabackup.cli.CliContext;
import io.supabackup.cli.config.Settings;
import io.supabackup.cli.wiring.AppConfig;
import io.supabackup.cli.wiring.AppModule;
import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import io.supabackup.domain.model.DatabaseEndpoint;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** What every command shares: the context, the common options, the object graph and JSON output. */
abstract class AbstractCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @ParentCommand
    SupabackupCommand root;

    @Mixin
    OutputOptions output;

    protected CliContext context() {
        return root.context();
    }

    /** Builds the object graph for this run; errors raised while building it surface as they are. */
    protected <T> T get(Class<T> type, String repository, Path pgBin) {
        AppConfig config = new AppConfig(AppConfig.repositoryUri(repository, context().workingDirectory()),
                Optional.ofNullable(pgBin), output.quiet || output.json);
        try {
            Injector injector = Guice.createInjector(new AppModule(config, context()));
            return injector.getInstance(type);
        } catch (ProvisionException | CreationException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
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
