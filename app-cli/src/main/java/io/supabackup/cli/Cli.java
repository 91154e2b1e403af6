package io.supabackup.cli;

import io.supabackup.cli.command.SupabackupCommand;
import io.supabackup.cli.config.Settings;
import io.supabackup.cli.config.SettingsDefaultProvider;
import io.supabackup.domain.error.SupabackupException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;

/**
 * Runs one command line: parses it with the settings cascade (flag, environment, {@code .env}, config
 * file, default), runs the command, and turns every failure into one line, a hint and an exit code.
 */
public final class Cli {
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> environment;
    private final Path workingDirectory;
    private final Terminal terminal;

    public Cli(PrintStream out, PrintStream err, Map<String, String> environment, Path workingDirectory,
               Terminal terminal) {
        this.out = out;
        this.err = err;
        this.environment = environment;
        this.workingDirectory = workingDirectory;
        this.terminal = terminal;
    }

    public int run(String... args) {
        boolean debug = Arrays.asList(args).contains("--debug")
                || "true".equalsIgnoreCase(environment.get("SUPABACKUP_DEBUG"));
        configureLogging(debug);
        Settings settings;
        try {
            settings = Settings.load(environment, workingDirectory, optionValue(args, "--config"));
        } catch (SupabackupException e) {
            return report(e, null, debug);
        }
        CliContext context = new CliContext(out, err, environment, workingDirectory, terminal, settings);
        CommandLine commandLine = SupabackupCommand.commandLine(context, args);
        commandLine.setDefaultValueProvider(new SettingsDefaultProvider(settings));
        commandLine.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        commandLine.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setParameterExceptionHandler(usageHandler(context));
        commandLine.setExecutionExceptionHandler(executionHandler(context, debug));
        return commandLine.execute(args);
    }

    private IParameterExceptionHandler usageHandler(CliContext context) {
        return (ParameterException e, String[] args) -> {
            err.println("supabackup: " + context.redact(e.getMessage()));
            CommandLine.UnmatchedArgumentException.printSuggestions(e, new PrintWriter(err, true, StandardCharsets.UTF_8));
            err.println("Run '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
            return ExitCodes.USAGE;
        };
    }

    private IExecutionExceptionHandler executionHandler(CliContext context, boolean debug) {
        return (Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) -> report(e, context, debug);
    }

    private int report(Throwable e, CliContext context, boolean debug) {
        Failure failure = Failure.of(e);
        String message = failure.message();
        String hint = failure.hint();
        int code = failure.code();
        err.println("supabackup: error: " + redact(context, message));
        if (hint != null) {
            err.println("  hint: " + redact(context, hint));
        }
        if (debug) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            err.println(redact(context, trace.toString()));
        }
        return code;
    }

    private static String redact(CliContext context, String text) {
        return context == null ? text : context.redact(text);
    }

    private static String optionValue(String[] args, String option) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(option) && i + 1 < args.length) {
                return args[i + 1];
            }
            if (args[i].startsWith(option + "=")) {
                return args[i].substring(option.length() + 1);
            }
        }
        return null;
    }

    private static void configureLogging(boolean debug) {
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", debug ? "debug" : "warn");
        System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
        System.setProperty("org.slf4j.simpleLogger.showLogName", debug ? "true" : "false");
        System.setProperty("org.slf4j.simpleLogger.levelInBrackets", "true");
    }
}
