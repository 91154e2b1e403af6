package io.supabackup.cli.command;

import io.supabackup.cli.CliContext;
import io.supabackup.cli.VersionProvider;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The root command: only groups the others. */
@Command(name = "supabackup", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Back up a whole Supabase project (or a plain PostgreSQL database) and restore it with nothing lost.",
        footer = {"", "Exit codes: 0 ok, 1 unexpected, 2 usage, 3 partial or damaged, 4 refused, 5 tool missing,",
                "6 database unreachable or login refused, 10 not found, 11 locked, 12 wrong key, 130 interrupted."})
public final class SupabackupCommand implements Runnable {
    /** The commands, in the order the overview lists them. */
    private static final List<Class<?>> COMMANDS = List.of(BackupCommand.class, RestoreCommand.class,
            ListCommand.class, ShowCommand.class, VerifyCommand.class, CompareCommand.class, PruneCommand.class,
            UnlockCommand.class, KeyCommand.class, DoctorCommand.class);

    private final CliContext context;

    @Spec
    CommandSpec spec;

    public SupabackupCommand(CliContext context) {
        this.context = context;
    }

    /**
     * The command line for {@code args}: with only the command their first word names, when it names one,
     * else with all of them (for the overview, {@code --help} and suggestions of a mistyped command).
     * picocli reads every option of every command it is given before it parses anything: for all ten that
     * took 0.2 s of each run's start.
     */
    public static CommandLine commandLine(CliContext context, String... args) {
        CommandLine line = new CommandLine(new SupabackupCommand(context));
        String first = args.length > 0 ? args[0] : "";
        boolean named = COMMANDS.stream().anyMatch(c -> name(c).equals(first));
        for (Class<?> command : COMMANDS) {
            if (!named || name(command).equals(first)) {
                line.addSubcommand(command);
            }
        }
        return line;
    }

    private static String name(Class<?> command) {
        return command.getAnnotation(Command.class).name();
    }

    public CliContext context() {
        return context;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a command is required: backup, restore, list, show, verify, prune, unlock, key or doctor");
    }
}
