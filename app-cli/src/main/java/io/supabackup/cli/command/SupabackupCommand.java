package io.supabackup.cli.command;

import io.supabackup.cli.CliContext;
import io.supabackup.cli.VersionProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The root command: only groups the others. */
@Command(name = "supabackup", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Back up a whole Supabase project (or a plain PostgreSQL database) and restore it with nothing lost.",
        subcommands = {BackupCommand.class, RestoreCommand.class, ListCommand.class, ShowCommand.class,
                VerifyCommand.class, CompareCommand.class, PruneCommand.class, UnlockCommand.class,
                KeyCommand.class, DoctorCommand.class},
        footer = {"", "Exit codes: 0 ok, 1 unexpected, 2 usage, 3 partial or damaged, 4 refused, 5 tool missing,",
                "6 database unreachable or login refused, 10 not found, 11 locked, 12 wrong key, 130 interrupted."})
public final class SupabackupCommand implements Runnable {
    private final CliContext context;

    @Spec
    CommandSpec spec;

    public SupabackupCommand(CliContext context) {
        this.context = context;
    }

    public CliContext context() {
        return context;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a command is required: backup, restore, list, show, verify, prune, unlock, key or doctor");
    }
}
