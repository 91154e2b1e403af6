package io.supabackup.domain.service;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bcrypt hashes of {@code auth.users}, read from a data dump's {@code COPY "auth"."users"} block: the
 * Auth admin API never returns them, the database dump always carries them, and restoring users through
 * the API with them spares everyone a password reset.
 */
final class AuthPasswordHashes {
    private static final Pattern COPY_USERS = Pattern.compile("^COPY \"?auth\"?\\.\"?users\"? \\((.*)\\) FROM stdin;$");

    private AuthPasswordHashes() {
    }

    /** Reads the whole dump (so that its checksum is verified) and returns user id → hash. */
    static Map<String, String> fromDataDump(InputStream dump) throws IOException {
        Map<String, String> hashes = new HashMap<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(dump, StandardCharsets.UTF_8), 1 << 16);
        String line;
        int idColumn = -1;
        int hashColumn = -1;
        boolean inUsers = false;
        while ((line = reader.readLine()) != null) {
            if (inUsers) {
                if (line.equals("\\.")) {
                    inUsers = false;
                    continue;
                }
                String[] fields = line.split("\t", -1);
                if (fields.length > Math.max(idColumn, hashColumn)) {
                    String hash = unescape(fields[hashColumn]);
                    if (hash != null && !hash.isEmpty()) {
                        hashes.put(unescape(fields[idColumn]), hash);
                    }
                }
                continue;
            }
            Matcher copy = COPY_USERS.matcher(line);
            if (copy.matches()) {
                List<String> columns = columns(copy.group(1));
                idColumn = columns.indexOf("id");
                hashColumn = columns.indexOf("encrypted_password");
                inUsers = idColumn >= 0 && hashColumn >= 0;
            }
        }
        return hashes;
    }

    private static List<String> columns(String list) {
        List<String> columns = new ArrayList<>();
        for (String raw : list.split(",")) {
            String column = raw.trim();
            if (column.startsWith("\"") && column.endsWith("\"")) {
                column = column.substring(1, column.length() - 1).replace("\"\"", "\"");
            }
            columns.add(column);
        }
        return columns;
    }

    /** COPY's text format: {@code \N} is NULL, backslash escapes the usual characters. */
    static String unescape(String field) {
        if (field.equals("\\N")) {
            return null;
        }
        if (field.indexOf('\\') < 0) {
            return field;
        }
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c != '\\' || i + 1 == field.length()) {
                out.append(c);
                continue;
            }
            char next = field.charAt(++i);
            switch (next) {
                case 't' -> out.append('\t');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'v' -> out.append('\u000b');
                default -> out.append(next);
            }
        }
        return out.toString();
    }

    static java.util.function.Function<String, Optional<String>> lookup(Map<String, String> hashes) {
        return id -> Optional.ofNullable(hashes.get(id));
    }
}
