package io.supabackup.adapters.postgres;

import java.util.regex.Pattern;

/** Removes passwords from text that came from a tool or a driver before it reaches a log or a message. */
final class Secrets {
    private static final Pattern URI_PASSWORD = Pattern.compile("(postgres(?:ql)?://[^:/@\\s]*:)[^@\\s]*@");
    private static final Pattern KEY_VALUE_PASSWORD = Pattern.compile("(?i)(password\\s*=\\s*)('(?:[^'\\\\]|\\\\.)*'|\\S+)");
    private static final Pattern PASSWORD_CLAUSE = Pattern.compile("(?i)(PASSWORD\\s+)'(?:[^']|'')*'");

    private Secrets() {
    }

    static String scrub(String text, String password) {
        if (text == null) {
            return null;
        }
        String result = text;
        if (password != null && !password.isEmpty()) {
            result = result.replace(password, "***");
        }
        result = URI_PASSWORD.matcher(result).replaceAll("$1***@");
        result = KEY_VALUE_PASSWORD.matcher(result).replaceAll("$1***");
        result = PASSWORD_CLAUSE.matcher(result).replaceAll("$1'***'");
        return result;
    }
}
