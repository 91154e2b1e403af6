package io.supabackup.adapters.postgres;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A PostgreSQL client tool's version as {@code --version} prints it, e.g. {@code pg_dump (PostgreSQL) 17.2}. */
record ToolVersion(int major, int minor, String text) implements Comparable<ToolVersion> {
    private static final Pattern VERSION = Pattern.compile("\\(PostgreSQL\\)\\s+(\\d+)(?:\\.(\\d+))?[^\\s]*");
    private static final Pattern ANY_NUMBER = Pattern.compile("(\\d+)(?:\\.(\\d+))?[^\\s]*");

    static Optional<ToolVersion> parse(String output) {
        Matcher m = VERSION.matcher(output);
        if (!m.find()) {
            m = ANY_NUMBER.matcher(output);
            if (!m.find()) {
                return Optional.empty();
            }
        }
        int major = Integer.parseInt(m.group(1));
        int minor = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
        String text = m.group(0);
        int paren = text.indexOf("(PostgreSQL)");
        if (paren >= 0) {
            text = text.substring(paren + "(PostgreSQL)".length()).trim();
        }
        return Optional.of(new ToolVersion(major, minor, text));
    }

    @Override
    public int compareTo(ToolVersion o) {
        return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
    }

    @Override
    public String toString() {
        return text;
    }
}
