package io.supabackup.domain.service;

import io.supabackup.domain.model.TableRef;
import java.io.IOException;

/**
 * Reads the table out of the line that opens a block of rows in a plain dump, which pg_dump writes as
 * {@code COPY schema.table (col, …) FROM stdin;} (the column list left out when no column is copied).
 */
final class CopyHeader {
    private final String line;
    private int pos;

    private CopyHeader(String line) {
        this.line = line;
    }

    /**
     * The table whose rows follow the line, or {@code null} when the line is some other COPY statement
     * (to or from a file, say), which psql runs without reading rows from the script.
     *
     * @throws IOException for a COPY from stdin whose rows cannot be counted the way pg_dump writes them
     */
    static TableRef parse(String line) throws IOException {
        return new CopyHeader(line).parse();
    }

    private TableRef parse() throws IOException {
        if (!line.startsWith("COPY ")) {
            return null;
        }
        pos = 5;
        skipSpaces();
        String first = identifier();
        if (first == null) {
            return null;
        }
        String second = null;
        if (peek() == '.') {
            pos++;
            second = identifier();
            if (second == null) {
                return null;
            }
        }
        skipSpaces();
        if (peek() == '(' && !skipColumnList()) {
            return null;
        }
        skipSpaces();
        if (!word("FROM") || !skipSpaces() || !word("STDIN")) {
            return null;
        }
        int afterStdin = pos;
        skipSpaces();
        boolean terminated = peek() == ';';
        if (terminated) {
            pos++;
            skipSpaces();
        }
        if (!terminated || pos != line.length()) {
            if (line.stripTrailing().endsWith(";")) {
                throw new IOException("the dump copies rows into " + (second == null ? first : first + "." + second)
                        + " with COPY options (" + line.substring(afterStdin).strip()
                        + "); only the text format pg_dump writes can be counted");
            }
            return null;
        }
        if (second == null) {
            throw new IOException("the dump copies rows into table \"" + first + "\" without naming its schema; "
                    + "only dumps written by pg_dump 11 or newer, which always name it, can be counted");
        }
        return new TableRef(first, second);
    }

    private int peek() {
        return pos < line.length() ? line.charAt(pos) : -1;
    }

    /** Skips blanks; true when there was at least one. */
    private boolean skipSpaces() {
        int start = pos;
        while (pos < line.length() && (line.charAt(pos) == ' ' || line.charAt(pos) == '\t')) {
            pos++;
        }
        return pos > start;
    }

    private boolean word(String upper) {
        if (line.regionMatches(true, pos, upper, 0, upper.length())) {
            int after = pos + upper.length();
            if (after == line.length() || !isIdentifierChar(line.charAt(after))) {
                pos = after;
                return true;
            }
        }
        return false;
    }

    /** A quoted identifier as written, an unquoted one folded to lower case as PostgreSQL does. */
    private String identifier() {
        if (peek() == '"') {
            StringBuilder name = new StringBuilder();
            pos++;
            while (pos < line.length()) {
                char c = line.charAt(pos++);
                if (c != '"') {
                    name.append(c);
                } else if (peek() == '"') {
                    name.append('"');
                    pos++;
                } else {
                    return name.toString();
                }
            }
            return null;
        }
        int start = pos;
        while (pos < line.length() && isIdentifierChar(line.charAt(pos))) {
            pos++;
        }
        return pos == start ? null : asciiLowerCase(line.substring(start, pos));
    }

    /** PostgreSQL folds only the ASCII letters of an unquoted name (pg_dump quotes any other name). */
    private static String asciiLowerCase(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            out.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
        }
        return out.toString();
    }

    private boolean skipColumnList() {
        boolean quoted = false;
        for (pos++; pos < line.length(); pos++) {
            char c = line.charAt(pos);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ')' && !quoted) {
                pos++;
                return true;
            }
        }
        return false;
    }

    private static boolean isIdentifierChar(char c) {
        return c == '_' || c == '$' || c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z');
    }
}
