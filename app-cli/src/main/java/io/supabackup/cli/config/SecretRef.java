package io.supabackup.cli.config;

import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where a secret of the projects file really is: an environment variable ({@code {env: NAME}}) or a file
 * ({@code {file: PATH}}). The file itself names secrets, never holds them, so that it can be read, shared and
 * versioned like any other configuration.
 *
 * @param key      where the reference stands in the file, e.g. {@code projects.prod.db-url}, for messages
 * @param variable the environment variable holding the secret, or null
 * @param file     the file whose first line is the secret (absolute), or null
 */
public record SecretRef(String key, String variable, Path file) {
    public SecretRef {
        Objects.requireNonNull(key, "key");
        if ((variable == null) == (file == null)) {
            throw new IllegalArgumentException("a secret reference names an environment variable or a file");
        }
    }

    /**
     * The secret: the variable's value (from the environment, else {@code .env}), or the first line of the file.
     * A variable that is not set, or a file that cannot be read or is empty, fails naming the key and where it
     * looked — never showing a value.
     */
    public String resolve(Function<String, Optional<String>> environment) {
        if (variable != null) {
            return environment.apply(variable).filter(value -> !value.isBlank())
                    .orElseThrow(() -> new SupabackupException(FailureKind.USAGE, key + " refers to the environment "
                            + "variable " + variable + ", which is not set",
                            "export " + variable + " (or put it in .env) before running supabackup"));
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SupabackupException(FailureKind.USAGE, key + " refers to the file " + file
                    + ", which cannot be read: " + e.getClass().getSimpleName(), "check the path and its permissions");
        }
        if (lines.isEmpty() || lines.get(0).isBlank()) {
            throw new SupabackupException(FailureKind.USAGE, key + " refers to the file " + file
                    + ", whose first line is empty", "write the secret on the file's first line");
        }
        return lines.get(0);
    }

    /** How the file says it, for messages: {@code {env: NAME}} or {@code {file: PATH}}. */
    public String describe() {
        return variable != null ? "{env: " + variable + "}" : "{file: " + file + "}";
    }
}
