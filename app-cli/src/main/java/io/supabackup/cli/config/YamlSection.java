package io.supabackup.cli.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One mapping of the projects file, read with messages that name the file and the key's full path
 * ({@code projects.prod.keep.daily}) and say what is wrong and what would be right.
 */
final class YamlSection {
    private final JsonNode node;
    private final String path;
    private final Path file;

    YamlSection(JsonNode node, String path, Path file) {
        this.node = node;
        this.path = path;
        this.file = file;
    }

    String path() {
        return path;
    }

    Path file() {
        return file;
    }

    String key(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /** Refuses a key not in {@code known}: a misspelt key would otherwise be ignored without a word. */
    YamlSection allowOnly(Set<String> known) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                throw error(key(name) + " is not a known key", "the keys " + (path.isEmpty() ? "at the top" : "of "
                        + path) + " are: " + String.join(", ", known.stream().sorted().toList()));
            }
        }
        return this;
    }

    boolean has(String name) {
        JsonNode value = node.get(name);
        return value != null && !value.isNull();
    }

    Optional<String> text(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isValueNode()) {
            throw error(key(name) + " must be a single value, not a " + (value.isArray() ? "list" : "mapping"), null);
        }
        String text = value.asText().strip();
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    Optional<Integer> integer(String name, int min) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < min) {
            throw error(key(name) + " must be a whole number of at least " + min + ", not '" + value.asText() + "'",
                    null);
        }
        return Optional.of(value.asInt());
    }

    boolean flag(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw error(key(name) + " must be true or false, not '" + value.asText() + "'", null);
        }
        return value.asBoolean();
    }

    /** A list of values; a single value counts as a list of one. */
    List<String> texts(String name) {
        JsonNode value = node.get(name);
        List<String> values = new ArrayList<>();
        if (value == null || value.isNull()) {
            return values;
        }
        if (value.isValueNode()) {
            values.add(value.asText().strip());
            return values;
        }
        if (!value.isArray()) {
            throw error(key(name) + " must be a list, like [a, b]", null);
        }
        for (JsonNode item : value) {
            if (!item.isValueNode()) {
                throw error(key(name) + " must be a list of single values", null);
            }
            values.add(item.asText().strip());
        }
        return values;
    }

    Optional<YamlSection> section(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isObject()) {
            throw error(key(name) + " must be a mapping of keys to values", null);
        }
        return Optional.of(new YamlSection(value, key(name), file));
    }

    /** The entries of a mapping keyed by names the user chose (projects, repositories), in the file's order. */
    Map<String, YamlSection> named(String name) {
        Map<String, YamlSection> entries = new LinkedHashMap<>();
        section(name).ifPresent(section -> section.node.fields().forEachRemaining(entry -> {
            if (!entry.getValue().isObject()) {
                throw error(section.key(entry.getKey()) + " must be a mapping of keys to values", null);
            }
            entries.put(entry.getKey(), new YamlSection(entry.getValue(), section.key(entry.getKey()), file));
        }));
        return entries;
    }

    /**
     * A secret, which the file may only refer to: {@code {env: NAME}} or {@code {file: PATH}} (relative to the
     * file's folder). A value written inline is refused in one line that names the key and the fix, and
     * never repeats the value.
     */
    Optional<SecretRef> secret(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isObject()) {
            throw error(key(name) + " is a secret written into the file; refer to it instead, as {env: VARIABLE} "
                    + "or {file: PATH}", null);
        }
        YamlSection reference = new YamlSection(value, key(name), file).allowOnly(Set.of("env", "file"));
        Optional<String> variable = reference.text("env");
        Optional<String> secretFile = reference.text("file");
        if (variable.isPresent() == secretFile.isPresent()) {
            throw error(key(name) + " must name exactly one place: {env: VARIABLE} or {file: PATH}", null);
        }
        return Optional.of(new SecretRef(key(name), variable.orElse(null), secretFile.map(this::resolve).orElse(null)));
    }

    /** A path of the file, relative to the file's own folder. */
    Path resolve(String relative) {
        return file.toAbsolutePath().getParent().resolve(relative).normalize();
    }

    SupabackupException error(String problem, String hint) {
        return new SupabackupException(FailureKind.USAGE, file.getFileName() + ": " + problem, hint);
    }
}
