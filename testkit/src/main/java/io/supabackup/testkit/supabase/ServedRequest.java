package io.supabackup.testkit.supabase;

import java.time.Instant;

/**
 * One request the fake received.
 *
 * @param method     upper-case HTTP method
 * @param path       percent-decoded path, e.g. {@code /storage/v1/object/authenticated/photos/a b.png}
 * @param query      raw query string, or {@code null}
 * @param status     status sent, or {@code -1} when the connection was dropped
 * @param fault      the injected fault, or {@code null} for a normal answer
 * @param bytesSent  response body bytes actually written
 * @param receivedAt when the request arrived
 */
public record ServedRequest(String method, String path, String query, int status, FaultKind fault, long bytesSent,
                            Instant receivedAt) {
    public boolean matches(String method, String pathPrefix) {
        return (method == null || this.method.equalsIgnoreCase(method)) && path.startsWith(pathPrefix);
    }
}
