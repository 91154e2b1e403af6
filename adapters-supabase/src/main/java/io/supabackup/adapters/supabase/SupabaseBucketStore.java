package io.supabackup.adapters.supabase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.supabackup.adapters.supabase.SupabaseHttp.Api;
import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import io.supabackup.domain.model.Bucket;
import io.supabackup.domain.model.StoredObject;
import io.supabackup.domain.port.out.BucketStore;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/** Supabase Storage through its REST API under {@code /storage/v1}. */
final class SupabaseBucketStore implements BucketStore {
    private final SupabaseHttp http;
    private final ObjectMapper json = new ObjectMapper();
    private final ObjectListing listing;
    private final ObjectUploads uploads;

    SupabaseBucketStore(SupabaseHttp http) {
        this.http = http;
        this.listing = new ObjectListing(http);
        this.uploads = new ObjectUploads(http);
    }

    @Override
    public String location() {
        return http.location(Api.STORAGE);
    }

    @Override
    public List<Bucket> buckets() {
        Reply reply = http.expectOk(http.call(Api.STORAGE, "GET", "/bucket"));
        List<Bucket> buckets = new ArrayList<>();
        for (JsonNode node : reply.json()) {
            buckets.add(toBucket(node));
        }
        return buckets;
    }

    static Bucket toBucket(JsonNode node) {
        List<String> mimeTypes = null;
        if (node.path("allowed_mime_types").isArray()) {
            mimeTypes = new ArrayList<>();
            for (JsonNode type : node.get("allowed_mime_types")) {
                mimeTypes.add(type.asText());
            }
        }
        JsonNode limit = node.path("file_size_limit");
        return new Bucket(node.path("id").asText(), text(node, "name"), text(node, "owner"),
                node.path("public").asBoolean(false), text(node, "type"),
                limit.isNumber() ? Long.valueOf(limit.asLong()) : null, mimeTypes,
                ObjectPaths.instant(text(node, "created_at")), ObjectPaths.instant(text(node, "updated_at")));
    }

    @Override
    public void listObjects(String bucketId, Consumer<StoredObject> consumer) {
        Objects.requireNonNull(bucketId, "bucketId");
        listing.list(bucketId, consumer);
    }

    @Override
    public Optional<String> userMetadata(String bucketId, String name) {
        SupabaseHttp.Call call = http.call(Api.STORAGE, "GET", "/object/info/" + ObjectPaths.of(bucketId, name));
        Reply reply = http.exchange(call);
        if (!reply.ok()) {
            if (reply.realStatus() == 404) {
                throw new SupabackupException(FailureKind.NOT_FOUND, "Supabase Storage at " + http.config().projectUrl()
                        + " has no object " + bucketId + "/" + name + ": " + http.redact(reply.message()));
            }
            throw http.failure(call, reply);
        }
        JsonNode metadata = reply.json().path("metadata");
        if (!metadata.isObject() || metadata.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(metadata.toString());
    }

    @Override
    public InputStream download(String bucketId, String name) {
        return ResumingDownload.open(http, bucketId, name);
    }

    @Override
    public boolean createBucket(Bucket bucket) {
        ObjectNode body = json.createObjectNode();
        body.put("id", bucket.id());
        body.put("name", bucket.name());
        body.put("public", bucket.isPublic());
        if (bucket.fileSizeLimit() == null) {
            body.putNull("file_size_limit");
        } else {
            body.put("file_size_limit", bucket.fileSizeLimit());
        }
        if (bucket.allowedMimeTypes() == null) {
            body.putNull("allowed_mime_types");
        } else {
            ArrayNode types = body.putArray("allowed_mime_types");
            bucket.allowedMimeTypes().forEach(types::add);
        }
        SupabaseHttp.Call call = http.call(Api.STORAGE, "POST", "/bucket")
                .header("Content-Type", "application/json")
                .body(body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Reply reply = http.exchange(call);
        if (reply.ok()) {
            return true;
        }
        if (reply.realStatus() == 409) {
            return false;
        }
        throw http.failure(call, reply);
    }

    @Override
    public boolean upload(StoredObject object, InputStream content, boolean overwrite) {
        return uploads.upload(object, content, overwrite);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isValueNode() && !value.isNull() ? value.asText() : null;
    }
}
