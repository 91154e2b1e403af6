package io.supabackup.adapters.supabase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.supabackup.adapters.supabase.SupabaseHttp.Api;
import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.Set;

/**
 * Every user as JSON Lines, produced page by page as the reader asks for bytes, so at most one page is held.
 * The list endpoint leaves identities out; each such user is fetched alone to get them. Pages are counted by
 * {@code X-Total-Count}; the {@code Link} header is not followed, since its paths lack the gateway's
 * {@code /auth/v1} prefix. A user seen twice (the list shifts when users sign up meanwhile) is written once.
 */
final class UserExport extends InputStream {
    static final int PER_PAGE = 100;
    /** No project has ten million pages of users; stops a server whose pages never end. */
    private static final int MAX_PAGES = 10_000_000;

    private final SupabaseHttp http;
    private final ObjectMapper json = new ObjectMapper();
    private final Set<String> seen = new HashSet<>();
    private byte[] buffer = new byte[0];
    private int position;
    private int page = 1;
    private boolean done;
    private int users;
    private int singleFetches;
    private SupabackupException failure;

    UserExport(SupabaseHttp http) {
        this.http = http;
    }

    boolean done() {
        return done && position >= buffer.length;
    }

    int users() {
        return users;
    }

    int singleFetches() {
        return singleFetches;
    }

    /** The API failure behind an IOException this stream threw, if any. */
    SupabackupException failure() {
        return failure;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] target, int offset, int count) throws IOException {
        if (count == 0) {
            return 0;
        }
        while (position >= buffer.length) {
            if (done) {
                return -1;
            }
            try {
                nextPage();
            } catch (SupabackupException e) {
                failure = e;
                throw new IOException(e.getMessage(), e);
            }
        }
        int n = Math.min(count, buffer.length - position);
        System.arraycopy(buffer, position, target, offset, n);
        position += n;
        return n;
    }

    private void nextPage() {
        if (page > MAX_PAGES) {
            throw new SupabackupException(FailureKind.UNEXPECTED, "listing the users of " + http.location(Api.AUTH)
                    + " did not end after " + MAX_PAGES + " pages");
        }
        SupabaseHttp.Call call = http.call(Api.AUTH, "GET", "/admin/users?page=" + page + "&per_page=" + PER_PAGE);
        Reply reply = http.expectOk(call);
        long total = reply.header("X-Total-Count").map(UserExport::parseLong).orElse(-1L);
        JsonNode list = reply.json().path("users");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int count = 0;
        for (JsonNode user : list) {
            count++;
            String id = user.path("id").asText("");
            if (!seen.add(id)) {
                continue;
            }
            JsonNode complete = user;
            if (!user.path("identities").isArray()) {
                complete = withIdentities(id, user);
            }
            try {
                out.write(json.writeValueAsBytes(complete));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            out.write('\n');
            users++;
        }
        buffer = out.toByteArray();
        position = 0;
        page++;
        if (count == 0 || count < PER_PAGE || total >= 0 && seen.size() >= total) {
            done = true;
        }
    }

    private JsonNode withIdentities(String id, JsonNode listed) {
        SupabaseHttp.Call call = http.call(Api.AUTH, "GET", "/admin/users/" + ObjectPaths.segment(id));
        Reply reply = http.exchange(call);
        singleFetches++;
        if (reply.ok()) {
            return reply.json();
        }
        if (reply.realStatus() == 404) {
            // Deleted since the page was read: keep it as listed, as of the start of the export.
            return listed;
        }
        throw http.failure(call, reply);
    }

    private static long parseLong(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
