package io.supabackup.adapters.supabase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.supabackup.adapters.supabase.SupabaseHttp.Api;
import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import io.supabackup.domain.model.StoredObject;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists a bucket flat and recursively: with list-v2 and its cursor where the server has it, else with the
 * older one-folder-per-call list, walking the folders.
 */
final class ObjectListing {
    private static final Logger LOG = LoggerFactory.getLogger(ObjectListing.class);
    static final int PAGE = 1000;
    /** Guards against a server whose cursor never ends; a billion objects is beyond any project. */
    private static final int MAX_PAGES = 1_000_000;

    private final SupabaseHttp http;
    private final ObjectMapper json = new ObjectMapper();
    /** Learnt once per project: older servers answer list-v2 with an error. */
    private volatile Boolean listV2;

    ObjectListing(SupabaseHttp http) {
        this.http = http;
    }

    void list(String bucketId, Consumer<StoredObject> consumer) {
        if (!Boolean.FALSE.equals(listV2) && listV2(bucketId, consumer)) {
            return;
        }
        listByFolder(bucketId, consumer);
    }

    /** False when the server has no list-v2 (nothing was passed to the consumer then). */
    private boolean listV2(String bucketId, Consumer<StoredObject> consumer) {
        String cursor = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            ObjectNode body = json.createObjectNode();
            body.put("limit", PAGE);
            if (cursor != null) {
                body.put("cursor", cursor);
            }
            SupabaseHttp.Call call = post("/object/list-v2/" + ObjectPaths.segment(bucketId), body);
            Reply reply = http.exchange(call);
            if (!reply.ok()) {
                if (page == 0 && isOlderServer(reply)) {
                    LOG.info("{} has no list-v2 (HTTP {}: {}); listing folder by folder", http.location(Api.STORAGE),
                            reply.status(), http.redact(reply.message()));
                    listV2 = false;
                    return false;
                }
                throw bucketFailure(call, reply, bucketId);
            }
            listV2 = true;
            JsonNode result = reply.json();
            for (JsonNode object : result.path("objects")) {
                consumer.accept(toStoredObject(bucketId, object.path("name").asText(), object));
            }
            if (!result.path("hasNext").asBoolean(false)) {
                return true;
            }
            String next = result.path("nextCursor").asText("");
            if (next.isEmpty() || next.equals(cursor)) {
                throw new SupabackupException(FailureKind.UNEXPECTED, "Supabase Storage at "
                        + http.config().projectUrl() + " announced more objects in bucket " + bucketId
                        + " but gave no new cursor");
            }
            cursor = next;
        }
        throw new SupabackupException(FailureKind.UNEXPECTED, "listing bucket " + bucketId + " did not end after "
                + MAX_PAGES + " pages");
    }

    /**
     * An older server: Fastify's real 404 for a missing route, or a 400 without the usual
     * {@code statusCode} (e.g. "This feature is not available for your tenant"). A 400 carrying 404 is a
     * missing bucket, which the old list would hide as an empty result.
     */
    private static boolean isOlderServer(Reply reply) {
        if (reply.status() == 404 || reply.status() == 405) {
            return true;
        }
        return reply.status() == 400 && reply.realStatus() == 400;
    }

    private void listByFolder(String bucketId, Consumer<StoredObject> consumer) {
        Deque<String> folders = new ArrayDeque<>();
        folders.push("");
        int requests = 0;
        while (!folders.isEmpty()) {
            String prefix = folders.pop();
            for (int offset = 0; ; offset += PAGE) {
                if (++requests > MAX_PAGES) {
                    throw new SupabackupException(FailureKind.UNEXPECTED, "listing bucket " + bucketId
                            + " did not end after " + MAX_PAGES + " requests");
                }
                ObjectNode body = json.createObjectNode();
                body.put("prefix", prefix);
                body.put("limit", PAGE);
                body.put("offset", offset);
                ObjectNode sortBy = body.putObject("sortBy");
                sortBy.put("column", "name");
                sortBy.put("order", "asc");
                SupabaseHttp.Call call = post("/object/list/" + ObjectPaths.segment(bucketId), body);
                Reply reply = http.exchange(call);
                if (!reply.ok()) {
                    throw bucketFailure(call, reply, bucketId);
                }
                JsonNode entries = reply.json();
                int count = 0;
                for (JsonNode entry : entries) {
                    count++;
                    String name = prefix + entry.path("name").asText();
                    if (entry.path("id").isNull() || entry.path("id").isMissingNode()) {
                        folders.push(name + "/");
                    } else {
                        consumer.accept(toStoredObject(bucketId, name, entry));
                    }
                }
                if (count < PAGE) {
                    break;
                }
            }
        }
    }

    private SupabaseHttp.Call post(String path, ObjectNode body) {
        try {
            return http.call(Api.STORAGE, "POST", path)
                    .header("Content-Type", "application/json")
                    .body(json.writeValueAsBytes(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private SupabackupException bucketFailure(SupabaseHttp.Call call, Reply reply, String bucketId) {
        if (reply.realStatus() == 404) {
            return new SupabackupException(FailureKind.NOT_FOUND, "Supabase Storage at " + http.config().projectUrl()
                    + " has no bucket " + bucketId + ": " + http.redact(reply.message()));
        }
        return http.failure(call, reply);
    }

    /** A listing row: {@code metadata} holds size, type, cache control and the tag; no user metadata. */
    static StoredObject toStoredObject(String bucketId, String name, JsonNode row) {
        JsonNode metadata = row.path("metadata");
        long size = metadata.path("size").asLong(metadata.path("contentLength").asLong(0));
        return new StoredObject(bucketId, name, Math.max(0, size), text(metadata, "eTag"), text(metadata, "mimetype"),
                text(metadata, "cacheControl"), null, ObjectPaths.instant(text(metadata, "lastModified")),
                ObjectPaths.instant(text(row, "created_at")));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isValueNode() && !value.isNull() ? value.asText() : null;
    }
}
