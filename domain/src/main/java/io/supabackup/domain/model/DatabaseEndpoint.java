package io.supabackup.domain.model;

import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where a PostgreSQL database is, parsed from a {@code postgresql://} URI or a libpq
 * {@code key=value} string. The password never shows in {@link #toString()} or {@link #redacted()}.
 */
public final class DatabaseEndpoint {
    private final String host;
    private final int port;
    private final String database;
    private final String user;
    private final String password;
    private final Map<String, String> parameters;

    public DatabaseEndpoint(String host, int port, String database, String user, String password,
                            Map<String, String> parameters) {
        this.host = host == null || host.isEmpty() ? "localhost" : host;
        if (port <= 0 || port > 65535) {
            throw usage("port " + port + " is out of range");
        }
        this.port = port;
        this.database = database == null || database.isEmpty() ? "postgres" : database;
        this.user = user == null || user.isEmpty() ? "postgres" : user;
        this.password = password;
        this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /** Parses a {@code postgresql://user:password@host:port/db?param=value} URI or a {@code key=value} string. */
    public static DatabaseEndpoint parse(String connection) {
        if (connection == null || connection.isBlank()) {
            throw usage("the database connection string is empty");
        }
        String trimmed = connection.trim();
        if (trimmed.startsWith("postgresql://") || trimmed.startsWith("postgres://")) {
            return parseUri(trimmed);
        }
        if (trimmed.contains("=")) {
            return parseKeyValue(trimmed);
        }
        throw usage("'" + firstWord(trimmed) + "' is not a database connection string");
    }

    private static DatabaseEndpoint parseUri(String uri) {
        String rest = uri.substring(uri.indexOf("://") + 3);
        String query = "";
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        String path = "";
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            path = rest.substring(slash + 1);
            rest = rest.substring(0, slash);
        }
        String user = null;
        String password = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = userInfo.indexOf(':');
            if (colon >= 0) {
                user = decode(userInfo.substring(0, colon));
                password = decode(userInfo.substring(colon + 1));
            } else {
                user = decode(userInfo);
            }
        }
        String host = rest;
        int port = 5432;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0) {
                throw usage("unbalanced '[' in the host of the database URL");
            }
            host = rest.substring(1, close);
            String after = rest.substring(close + 1);
            if (after.startsWith(":")) {
                port = parsePort(after.substring(1));
            }
        } else {
            int colon = rest.lastIndexOf(':');
            if (colon >= 0) {
                host = rest.substring(0, colon);
                port = parsePort(rest.substring(colon + 1));
            }
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            params.put(key, value);
        }
        String hostParam = params.remove("host");
        if (host.isEmpty() && hostParam != null) {
            host = hostParam;
        }
        String portParam = params.remove("port");
        if (portParam != null) {
            port = parsePort(portParam);
        }
        String userParam = params.remove("user");
        if (user == null) {
            user = userParam;
        }
        String passwordParam = params.remove("password");
        if (password == null) {
            password = passwordParam;
        }
        String dbParam = params.remove("dbname");
        String database = path.isEmpty() ? dbParam : decode(path);
        return new DatabaseEndpoint(decode(host), port, database, user, password, params);
    }

    private static DatabaseEndpoint parseKeyValue(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i >= n) {
                break;
            }
            int eq = text.indexOf('=', i);
            if (eq < 0) {
                throw usage("expected key=value in the database connection string near '" + firstWord(text.substring(i)) + "'");
            }
            String key = text.substring(i, eq).trim();
            i = eq + 1;
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            StringBuilder value = new StringBuilder();
            if (i < n && text.charAt(i) == '\'') {
                i++;
                while (i < n && text.charAt(i) != '\'') {
                    if (text.charAt(i) == '\\' && i + 1 < n) {
                        i++;
                    }
                    value.append(text.charAt(i++));
                }
                if (i >= n) {
                    throw usage("unterminated quoted value for '" + key + "' in the database connection string");
                }
                i++;
            } else {
                while (i < n && !Character.isWhitespace(text.charAt(i))) {
                    if (text.charAt(i) == '\\' && i + 1 < n) {
                        i++;
                    }
                    value.append(text.charAt(i++));
                }
            }
            values.put(key, value.toString());
        }
        String host = values.remove("host");
        String hostaddr = values.remove("hostaddr");
        if ((host == null || host.isEmpty()) && hostaddr != null) {
            host = hostaddr;
        }
        String portText = values.remove("port");
        int port = portText == null ? 5432 : parsePort(portText);
        String database = values.remove("dbname");
        String user = values.remove("user");
        String password = values.remove("password");
        return new DatabaseEndpoint(host, port, database, user, password, values);
    }

    private static int parsePort(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw usage("'" + text + "' is not a port number");
        }
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String firstWord(String text) {
        String word = text.split("\\s+", 2)[0];
        return word.length() > 40 ? word.substring(0, 40) + "…" : word;
    }

    private static SupabackupException usage(String message) {
        return new SupabackupException(FailureKind.USAGE, message,
                "use postgresql://USER:PASSWORD@HOST:PORT/DATABASE or 'host=HOST port=PORT dbname=DATABASE user=USER'");
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String database() {
        return database;
    }

    public String user() {
        return user;
    }

    /** The password, or {@code null}; hand it to child processes only through their environment. */
    public String password() {
        return password;
    }

    /** Extra libpq parameters such as {@code sslmode}; never holds the password. */
    public Map<String, String> parameters() {
        return parameters;
    }

    /** The same endpoint pointing at another database of the same server. */
    public DatabaseEndpoint withDatabase(String otherDatabase) {
        return new DatabaseEndpoint(host, port, otherDatabase, user, password, parameters);
    }

    /** A URI safe to print: the password replaced by {@code ***}. */
    public String redacted() {
        String hostPart = host.contains(":") ? "[" + host + "]" : host;
        StringBuilder out = new StringBuilder("postgresql://").append(user);
        if (password != null) {
            out.append(":***");
        }
        out.append('@').append(hostPart).append(':').append(port).append('/').append(database);
        if (!parameters.isEmpty()) {
            StringBuilder query = new StringBuilder();
            parameters.forEach((k, v) -> query.append(query.length() == 0 ? "?" : "&").append(k).append('=').append(v));
            out.append(query);
        }
        return out.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DatabaseEndpoint other && host.equals(other.host) && port == other.port
                && database.equals(other.database) && user.equals(other.user)
                && Objects.equals(password, other.password) && parameters.equals(other.parameters);
    }

    @Override
    public int hashCode() {
        return Objects.hash(host, port, database, user, parameters);
    }

    @Override
    public String toString() {
        return redacted();
    }
}
