package io.supabackup.domain.model;

import java.util.Objects;

/** A table by schema and name, exactly as PostgreSQL spells them (not quoted). */
public record TableRef(String schema, String name) implements Comparable<TableRef> {
    public TableRef {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(name, "name");
    }

    /** A file-name-safe, reversible form used for the JSON export of this table. */
    public String fileName() {
        return encode(schema) + "." + encode(name) + ".jsonl";
    }

    private static String encode(String part) {
        StringBuilder out = new StringBuilder();
        for (char c : part.toCharArray()) {
            if (Character.isLetterOrDigit(c) && c < 128 || c == '_' || c == '-') {
                out.append(c);
            } else {
                out.append('%').append(String.format("%04x", (int) c));
            }
        }
        return out.toString();
    }

    public String qualified() {
        return schema + "." + name;
    }

    @Override
    public int compareTo(TableRef o) {
        int c = schema.compareTo(o.schema);
        return c != 0 ? c : name.compareTo(o.name);
    }

    @Override
    public String toString() {
        return qualified();
    }
}
