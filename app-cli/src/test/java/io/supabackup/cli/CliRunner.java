package io.supabackup.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Runs the CLI in-process with captured streams, a fake environment and a chosen working directory. */
final class CliRunner {
    private final Map<String, String> environment = new HashMap<>();
    private final Path workingDirectory;
    private Terminal terminal = Terminal.none();

    CliRunner(Path workingDirectory) {
        this.workingDirectory = workingDirectory;
    }

    /** A database's connection string as a user types it, password included. */
    static String url(io.supabackup.domain.model.DatabaseEndpoint e) {
        return "postgresql://" + e.user() + ":" + e.password() + "@" + e.host() + ":" + e.port() + "/" + e.database();
    }

    CliRunner env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    CliRunner answering(String input) {
        terminal = Terminal.scripted(input, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        return this;
    }

    Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Cli(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.copyOf(environment), workingDirectory,
                terminal).run(args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out ---\n" + out + "--- err ---\n" + err;
        }
    }
}
