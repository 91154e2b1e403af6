package io.supabackup.cli;

import io.supabackup.cli.config.Settings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** What a command may touch of the outside world: its streams, environment, directory and terminal. */
public final class CliContext {
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> environment;
    private final Path workingDirectory;
    private final Terminal terminal;
    private final Settings settings;
    private final Set<String> secrets = ConcurrentHashMap.newKeySet();

    public CliContext(PrintStream out, PrintStream err, Map<String, String> environment, Path workingDirectory,
               Terminal terminal, Settings settings) {
        this.out = out;
        this.err = err;
        this.environment = environment;
        this.workingDirectory = workingDirectory;
        this.terminal = terminal;
        this.settings = settings;
    }

    public PrintStream out() {
        return out;
    }

    public PrintStream err() {
        return err;
    }

    public Map<String, String> environment() {
        return environment;
    }

    public Path workingDirectory() {
        return workingDirectory;
    }

    public Terminal terminal() {
        return terminal;
    }

    public Settings settings() {
        return settings;
    }

    /** Remembers a secret so that no message printed by this run can show it. */
    public void registerSecret(String secret) {
        if (secret != null && secret.length() >= 3) {
            secrets.add(secret);
        }
    }

    /** The text with every registered secret replaced by {@code ***}. */
    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String result = text;
        for (String secret : secrets) {
            result = result.replace(secret, "***");
        }
        return result;
    }
}
