package io.supabackup.testkit.supabase;

import java.util.ArrayList;
import java.util.List;

/**
 * Every request the fake received, in arrival order; lets a test assert what a client actually did. A
 * request is recorded when it arrives, so it is counted by the time its client has any answer.
 */
public final class RequestLog {
    private final List<Call> calls = new ArrayList<>();

    synchronized void add(Call call) {
        calls.add(call);
    }

    public synchronized List<ServedRequest> all() {
        return calls.stream().map(Call::snapshot).toList();
    }

    /** Requests with this method (any when {@code null}) whose decoded path starts with {@code pathPrefix}. */
    public List<ServedRequest> matching(String method, String pathPrefix) {
        return all().stream().filter(r -> r.matches(method, pathPrefix)).toList();
    }

    public int count(String method, String pathPrefix) {
        return matching(method, pathPrefix).size();
    }

    public int count(FaultKind fault) {
        return (int) all().stream().filter(r -> r.fault() == fault).count();
    }

    public synchronized void clear() {
        calls.clear();
    }
}
