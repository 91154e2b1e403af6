package io.supabackup.cli.command;

import io.supabackup.adapters.supabase.SupabaseConfig;
import io.supabackup.cli.CliContext;
import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The project's APIs: where they are and the key that may use them. */
public final class SupabaseOptions {
    @Option(names = "--project-url", paramLabel = "URL",
            description = "The project URL, https://REF.supabase.co (env SUPABASE_URL); with a key, backups also "
                    + "export the Auth users through the Auth admin API.")
    String projectUrl;

    @Option(names = "--service-role-key", paramLabel = "KEY",
            description = "A service_role key or sb_secret_ key; prefer SUPABASE_SERVICE_ROLE_KEY or --service-role-key-file.")
    String serviceRoleKey;

    @Option(names = "--service-role-key-file", paramLabel = "FILE", description = "A file holding the key.")
    Path serviceRoleKeyFile;

    /** The APIs' settings, or empty when no project URL is given. */
    Optional<SupabaseConfig> toConfig(CliContext context, boolean keyOnCommandLine) {
        String key = serviceRoleKey;
        if (serviceRoleKeyFile != null) {
            Path file = context.workingDirectory().resolve(serviceRoleKeyFile);
            try {
                key = Files.readString(file).trim();
            } catch (IOException e) {
                throw new SupabackupException(FailureKind.USAGE, "cannot read the key file " + file + ": "
                        + e.getClass().getSimpleName(), "check --service-role-key-file");
            }
        }
        context.registerSecret(key);
        if (projectUrl == null || projectUrl.isBlank()) {
            if (key != null && !key.isBlank()) {
                throw new SupabackupException(FailureKind.USAGE, "a service role key was given without a project URL",
                        "add --project-url https://REF.supabase.co or set SUPABASE_URL");
            }
            return Optional.empty();
        }
        if (key == null || key.isBlank()) {
            throw new SupabackupException(FailureKind.USAGE, "--project-url needs the project's service role key",
                    "set SUPABASE_SERVICE_ROLE_KEY or give --service-role-key-file FILE");
        }
        if (keyOnCommandLine) {
            context.err().println("warning: a key given on the command line is visible to other users of this machine; "
                    + "set SUPABASE_SERVICE_ROLE_KEY or use --service-role-key-file instead");
        }
        return Optional.of(SupabaseConfig.of(URI.create(projectUrl.trim()), key));
    }
}
