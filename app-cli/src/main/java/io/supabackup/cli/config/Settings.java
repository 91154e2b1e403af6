package io.supabackup.cli.config;

import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Where option values come from when they are not on the command line, in this order: the
 * environment, a {@code .env} file in the working directory, a config file, the option's default.
 * Environment names derive from option names ({@code --db-url} → {@code SUPABACKUP_DB_URL}); a few
 * options also answer to the names Supabase's own tools use ({@code SUPABASE_DB_URL}).
 */
public final class Settings {
    public static final String DEFAULT_CONFIG_FILE = "supabackup.properties";
    private static final Map<String, List<String>> ALIASES = Map.of(
            "db-url", List.of("SUPABASE_DB_URL"),
            "project-url", List.of("SUPABASE_URL"),
            "service-role-key", List.of("SUPABASE_SERVICE_ROLE_KEY"));

    private final Map<String, String> environment;
    private final Map<String, String> dotEnv;
    private final Map<String, String> configFile;
    private final Optional<Path> configPath;
    private final Optional<Path> dotEnvPath;

    private Settings(Map<String, String> environment, Map<String, String> dotEnv, Map<String, String> configFile,
                     Optional<Path> configPath, Optional<Path> dotEnvPath) {
        this.environment = environment;
        this.dotEnv = dotEnv;
        this.configFile = configFile;
        this.configPath = configPath;
        this.dotEnvPath = dotEnvPath;
    }

    /**
     * Loads the cascade. {@code explicitConfig} is the {@code --config} value if one was given; otherwise
     * {@code SUPABACKUP_CONFIG} or {@code supabackup.properties} in the working directory, when present.
     */
    public static Settings load(Map<String, String> environment, Path workingDirectory, String explicitConfig) {
        Path dotEnvFile = workingDirectory.resolve(".env");
        Map<String, String> dotEnv = readDotEnv(dotEnvFile);
        String configName = explicitConfig != null ? explicitConfig
                : firstNonBlank(environment.get("SUPABACKUP_CONFIG"), dotEnv.get("SUPABACKUP_CONFIG"));
        Optional<Path> configPath;
        if (configName != null) {
            Path path = workingDirectory.resolve(configName);
            if (!Files.isRegularFile(path)) {
                throw new SupabackupException(FailureKind.USAGE, "the config file " + path + " does not exist",
                        "check --config or SUPABACKUP_CONFIG");
            }
            configPath = Optional.of(path);
        } else {
            Path fallback = workingDirectory.resolve(DEFAULT_CONFIG_FILE);
            configPath = Files.isRegularFile(fallback) ? Optional.of(fallback) : Optional.empty();
        }
        Map<String, String> config = configPath.map(Settings::readProperties).orElse(Map.of());
        return new Settings(Map.copyOf(environment), dotEnv, config, configPath,
                Files.isRegularFile(dotEnvFile) ? Optional.of(dotEnvFile) : Optional.empty());
    }

    /** The value for an option (named without dashes, e.g. {@code db-url}) from the first source that has one. */
    public Optional<String> lookup(String optionName) {
        return find(optionName).map(Found::value);
    }

    /**
     * Where an option's value comes from when it is not on the command line, for a person checking the setup:
     * e.g. {@code environment SUPABASE_DB_URL}, {@code .env SUPABACKUP_REPO}, {@code supabackup.properties}.
     */
    public Optional<String> origin(String optionName) {
        return find(optionName).map(Found::origin);
    }

    private record Found(String value, String origin) {
    }

    private Optional<Found> find(String optionName) {
        for (String name : environmentNames(optionName)) {
            String value = environment.get(name);
            if (value != null && !value.isEmpty()) {
                return Optional.of(new Found(value, "environment " + name));
            }
        }
        for (String name : environmentNames(optionName)) {
            String value = dotEnv.get(name);
            if (value != null && !value.isEmpty()) {
                return Optional.of(new Found(value, ".env " + name));
            }
        }
        return Optional.ofNullable(configFile.get(optionName)).filter(v -> !v.isEmpty())
                .map(v -> new Found(v, configPath.map(p -> p.getFileName().toString()).orElse("config file")));
    }

    /** A variable by its exact name, from the environment or else from {@code .env}. */
    public Optional<String> lookupRaw(String environmentName) {
        String value = environment.get(environmentName);
        if (value == null || value.isEmpty()) {
            value = dotEnv.get(environmentName);
        }
        return Optional.ofNullable(value).filter(v -> !v.isEmpty());
    }

    /** The environment variable names an option answers to, the derived one first. */
    public static List<String> environmentNames(String optionName) {
        String derived = "SUPABACKUP_" + optionName.toUpperCase(Locale.ROOT).replace('-', '_');
        List<String> aliases = ALIASES.getOrDefault(optionName, List.of());
        return aliases.isEmpty() ? List.of(derived)
                : java.util.stream.Stream.concat(java.util.stream.Stream.of(derived), aliases.stream()).toList();
    }

    public Optional<Path> configPath() {
        return configPath;
    }

    /** The {@code .env} file that was read, if the working directory has one. */
    public Optional<Path> dotEnvPath() {
        return dotEnvPath;
    }

    private static Map<String, String> readProperties(Path path) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new SupabackupException(FailureKind.USAGE, "cannot read the config file " + path + ": "
                    + e.getMessage(), null, e);
        }
        Map<String, String> values = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(k -> values.put(k.trim(), properties.getProperty(k).trim()));
        return values;
    }

    /** Reads {@code KEY=VALUE} lines, with optional {@code export}, quotes and comments; a missing file is empty. */
    static Map<String, String> readDotEnv(Path path) {
        Map<String, String> values = new LinkedHashMap<>();
        if (!Files.isRegularFile(path)) {
            return values;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SupabackupException(FailureKind.USAGE, "cannot read " + path + ": " + e.getMessage(), null, e);
        }
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("export ")) {
                line = line.substring("export ".length()).strip();
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                    || value.startsWith("'") && value.endsWith("'"))) {
                value = value.substring(1, value.length() - 1);
            } else {
                int comment = value.indexOf(" #");
                if (comment >= 0) {
                    value = value.substring(0, comment).strip();
                }
            }
            values.put(key, value);
        }
        return values;
    }

    private static String firstNonBlank(String a, String b) {
        if (a != null && !a.isBlank()) {
            return a;
        }
        return b != null && !b.isBlank() ? b : null;
    }
}
