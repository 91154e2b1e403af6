package io.supabackup.domain.port.out;

/** The rules every object key obeys, checked once here so that no adapter can be led outside its root. */
public final class ObjectKeys {
    private ObjectKeys() {
    }

    /** Returns the key when it is a relative, normalised {@code /}-separated path; throws otherwise. */
    public static String requireValid(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("an object key must not be empty");
        }
        if (key.startsWith("/") || key.endsWith("/") || key.contains("\\") || key.contains("//")
                || key.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("invalid object key: '" + key + "'");
        }
        for (String segment : key.split("/")) {
            if (segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("object key escapes its root: '" + key + "'");
            }
        }
        return key;
    }

    /** Returns the prefix when it is empty or a valid key, with or without a trailing {@code /}. */
    public static String requireValidPrefix(String prefix) {
        if (prefix == null) {
            throw new IllegalArgumentException("prefix must not be null");
        }
        if (prefix.isEmpty()) {
            return prefix;
        }
        requireValid(prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix);
        return prefix;
    }
}
