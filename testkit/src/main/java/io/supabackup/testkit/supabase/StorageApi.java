package io.supabackup.testkit.supabase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Storage REST API under {@code /storage/v1}, following supabase/storage: errors are HTTP 400 (500 only
 * for internal errors) with the real status as a string in the body, e.g.
 * {@code {"statusCode":"404","code":"NoSuchKey","error":"not_found","message":"Object not found"}}.
 */
final class StorageApi {
    private static final DateTimeFormatter JS_ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final int LIST_MAX = 1000;
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    private final FakeStorage storage;
    private final TusApi tus;

    StorageApi(FakeStorage storage, TusApi tus) {
        this.storage = storage;
        this.tus = tus;
    }

    static String js(Instant instant) {
        return instant == null ? null : JS_ISO.format(instant);
    }

    /** Upstream's renderable error: HTTP 400 unless the real status is 500, the real one as a string. */
    static void error(Call call, int statusCode, String code, String error, String message) throws IOException {
        ObjectNode body = Call.JSON.createObjectNode();
        body.put("statusCode", Integer.toString(statusCode));
        body.put("code", code);
        body.put("error", error);
        body.put("message", message);
        call.json(statusCode == 500 ? 500 : 400, body);
    }

    static void noSuchBucket(Call call) throws IOException {
        error(call, 404, "NoSuchBucket", "Bucket not found", "Bucket not found");
    }

    static void noSuchKey(Call call) throws IOException {
        error(call, 404, "NoSuchKey", "not_found", "Object not found");
    }

    static void accessDenied(Call call, String message) throws IOException {
        error(call, 403, "AccessDenied", "Unauthorized", message);
    }

    void handle(Call call, String sub, Keys.Verified caller) throws IOException {
        if (sub.startsWith("/upload/resumable")) {
            tus.handle(call, sub, caller);
            return;
        }
        boolean lenient = isLenientRoute(call.method, sub);
        boolean service = caller.ok() && "service_role".equals(caller.role());
        if (!caller.ok() && !lenient) {
            accessDenied(call, caller.problem().storageMessage);
            return;
        }
        String m = call.method;
        if (sub.equals("/bucket") || sub.equals("/bucket/")) {
            if (m.equals("GET")) {
                listBuckets(call, service);
            } else if (m.equals("POST")) {
                requireService(call, service, () -> createBucket(call));
            } else {
                notFound(call);
            }
        } else if (sub.startsWith("/bucket/") && m.equals("GET")) {
            getBucket(call, sub.substring("/bucket/".length()), service);
        } else if (sub.startsWith("/object/list-v2/") && m.equals("POST")) {
            requireService(call, service, () -> listV2(call, sub.substring("/object/list-v2/".length())));
        } else if (sub.startsWith("/object/list/") && m.equals("POST")) {
            requireService(call, service, () -> listV1(call, sub.substring("/object/list/".length())));
        } else if (sub.startsWith("/object/info/authenticated/") && m.equals("GET")) {
            withObject(call, sub.substring("/object/info/authenticated/".length()), service, o -> info(call, o));
        } else if (sub.startsWith("/object/info/public/") && m.equals("GET")) {
            withObject(call, sub.substring("/object/info/public/".length()), false, o -> info(call, o));
        } else if (sub.startsWith("/object/info/") && m.equals("GET")) {
            withObject(call, sub.substring("/object/info/".length()), service, o -> info(call, o));
        } else if (sub.startsWith("/object/authenticated/") && (m.equals("GET") || m.equals("HEAD"))) {
            withObject(call, sub.substring("/object/authenticated/".length()), service, o -> download(call, o));
        } else if (sub.startsWith("/object/public/") && (m.equals("GET") || m.equals("HEAD"))) {
            withObject(call, sub.substring("/object/public/".length()), false, o -> download(call, o));
        } else if (sub.startsWith("/object/") && (m.equals("GET") || m.equals("HEAD"))) {
            withObject(call, sub.substring("/object/".length()), service, o -> download(call, o));
        } else if (sub.startsWith("/object/") && (m.equals("POST") || m.equals("PUT"))) {
            requireService(call, service, () -> upload(call, sub.substring("/object/".length())));
        } else {
            notFound(call);
        }
    }

    /**
     * Routes upstream serves without a valid token: the public ones, and those marked {@code allowInvalidJwt}
     * ({@code GET /object/info/{bucket}/...}, {@code GET|HEAD /object/{bucket}/...}), where a bad token makes
     * the caller anonymous, so a private bucket then answers "Bucket not found" rather than "Unauthorized".
     */
    private static boolean isLenientRoute(String method, String sub) {
        if (isPublicRoute(sub)) {
            return true;
        }
        if (sub.startsWith("/object/authenticated/") || sub.startsWith("/object/info/authenticated/")
                || sub.startsWith("/object/list")) {
            return false;
        }
        return (method.equals("GET") || method.equals("HEAD")) && sub.startsWith("/object/");
    }

    private static boolean isPublicRoute(String sub) {
        return sub.startsWith("/object/public/") || sub.startsWith("/object/info/public/");
    }

    private interface Action {
        void run() throws IOException;
    }

    private interface ObjectAction {
        void run(StoredObject object) throws IOException;
    }

    private static void requireService(Call call, boolean service, Action action) throws IOException {
        if (!service) {
            // Without the service role, row-level security refuses the write (or hides the rows).
            accessDenied(call, "new row violates row-level security policy");
            return;
        }
        action.run();
    }

    static void notFound(Call call) throws IOException {
        ObjectNode body = Call.JSON.createObjectNode();
        body.put("message", "Route " + call.method + ":" + call.path + " not found");
        body.put("error", "Not Found");
        body.put("statusCode", 404);
        call.json(404, body);
    }

    // ---- buckets ------------------------------------------------------------------------------------------

    private void listBuckets(Call call, boolean service) throws IOException {
        ArrayNode array = Call.JSON.createArrayNode();
        for (Bucket bucket : storage.buckets()) {
            if (service || bucket.isPublic()) {
                array.add(bucketJson(bucket));
            }
        }
        call.json(200, array);
    }

    private void getBucket(Call call, String id, boolean service) throws IOException {
        Bucket bucket = storage.bucket(id).orElse(null);
        if (bucket == null || !(service || bucket.isPublic())) {
            noSuchBucket(call);
            return;
        }
        call.json(200, bucketJson(bucket));
    }

    private static ObjectNode bucketJson(Bucket bucket) {
        ObjectNode node = Call.JSON.createObjectNode();
        node.put("id", bucket.id());
        node.put("name", bucket.name());
        node.put("owner", bucket.owner() == null ? "" : bucket.owner());
        node.put("public", bucket.isPublic());
        node.put("type", "STANDARD");
        if (bucket.fileSizeLimit() == null) {
            node.putNull("file_size_limit");
        } else {
            node.put("file_size_limit", bucket.fileSizeLimit());
        }
        if (bucket.allowedMimeTypes() == null) {
            node.putNull("allowed_mime_types");
        } else {
            ArrayNode types = node.putArray("allowed_mime_types");
            bucket.allowedMimeTypes().forEach(types::add);
        }
        node.put("created_at", js(bucket.createdAt()));
        node.put("updated_at", js(bucket.updatedAt()));
        return node;
    }

    private void createBucket(Call call) throws IOException {
        JsonNode body;
        try {
            body = call.readJson();
        } catch (IOException e) {
            validationError(call, "Body is not valid JSON");
            return;
        }
        if (body == null || !body.isObject() || !body.path("name").isTextual()) {
            validationError(call, "body must have required property 'name'");
            return;
        }
        String name = body.get("name").asText();
        String id = body.path("id").isTextual() && !body.get("id").asText().isEmpty() ? body.get("id").asText() : name;
        if (id.isEmpty() || id.length() >= 64 || !id.matches("^(\\w|!|-|\\.|\\*|'|\\(|\\)| |&|\\$|@|=|;|:|\\+|,|\\?)*$")) {
            error(call, 400, "InvalidBucketName", "Invalid Input", "Bucket name invalid");
            return;
        }
        Long limit = null;
        JsonNode limitNode = body.path("file_size_limit");
        if (limitNode.isIntegralNumber()) {
            limit = limitNode.asLong();
        } else if (limitNode.isTextual()) {
            limit = parseSize(limitNode.asText());
            if (limit == null) {
                error(call, 400, "InvalidRequest", "InvalidRequest",
                        "Invalid file size format, hint: use 20GB / 20MB / 30KB / 3B");
                return;
            }
        }
        List<String> mimeTypes = null;
        if (body.path("allowed_mime_types").isArray()) {
            mimeTypes = new ArrayList<>();
            for (JsonNode type : body.get("allowed_mime_types")) {
                if (!type.asText().isEmpty()) {
                    mimeTypes.add(type.asText());
                }
            }
        }
        Instant now = FakeStorage.now();
        Bucket bucket = new Bucket(id, name, null, body.path("public").asBoolean(false), limit, mimeTypes, now, now);
        if (!storage.addBucket(bucket)) {
            error(call, 409, "BucketAlreadyExists", "Duplicate", "The resource already exists");
            return;
        }
        call.json(200, Map.of("name", name));
    }

    /** Upstream's parseFileSizeToBytes: decimal units, e.g. {@code 20MB} = 20,000,000. */
    private static Long parseSize(String text) {
        Matcher matcher = Pattern.compile("(?i)^([0-9]+(?:\\.[0-9]+)?)(gb|mb|kb|b)$").matcher(text);
        if (!matcher.matches()) {
            return null;
        }
        double value = Double.parseDouble(matcher.group(1));
        double factor = switch (matcher.group(2).toUpperCase(Locale.ROOT)) {
            case "GB" -> 1e9;
            case "MB" -> 1e6;
            case "KB" -> 1e3;
            default -> 1;
        };
        return Math.round(value * factor);
    }

    private static void validationError(Call call, String message) throws IOException {
        ObjectNode body = Call.JSON.createObjectNode();
        body.put("statusCode", "400");
        body.put("error", "Bad Request");
        body.put("message", message);
        call.json(400, body);
    }

    // ---- listing --------------------------------------------------------------------------------------------

    private void listV2(Call call, String bucketId) throws IOException {
        FakeStorage.ListV2Absence absence = storage.listV2Absence();
        if (absence == FakeStorage.ListV2Absence.TENANT_NOT_MIGRATED) {
            call.json(400, Map.of("message", "This feature is not available for your tenant"));
            return;
        }
        if (absence == FakeStorage.ListV2Absence.ROUTE_MISSING) {
            notFound(call);
            return;
        }
        JsonNode body = readListBody(call);
        if (body == null) {
            return;
        }
        if (storage.bucket(bucketId).isEmpty()) {
            noSuchBucket(call);
            return;
        }
        int limit = Math.min(body.path("limit").asInt(LIST_MAX) <= 0 ? LIST_MAX : body.path("limit").asInt(LIST_MAX),
                LIST_MAX);
        String prefix = body.path("prefix").asText("");
        boolean delimited = body.path("with_delimiter").asBoolean(false);
        boolean descending = "desc".equals(body.path("sortBy").path("order").asText("asc"));
        String startAfter = null;
        if (body.path("cursor").isTextual() && !body.get("cursor").asText().isEmpty()) {
            startAfter = decodeCursor(body.get("cursor").asText());
            if (startAfter == null) {
                error(call, 400, "MissingParameter", "MissingParameter", "Invalid Parameter continuation token");
                return;
            }
            descending = descending || cursorIsDescending(body.get("cursor").asText());
        }

        List<StoredObject> candidates = new ArrayList<>();
        var map = storage.requireObjects(bucketId);
        for (StoredObject object : descending ? map.descendingMap().values() : map.values()) {
            if (!object.name().startsWith(prefix)) {
                continue;
            }
            if (startAfter != null) {
                int cmp = FakeStorage.NAME_ORDER.compare(object.name(), startAfter);
                if (descending ? cmp >= 0 : cmp <= 0) {
                    continue;
                }
            }
            candidates.add(object);
        }

        ArrayNode objects = Call.JSON.createArrayNode();
        ArrayNode folders = Call.JSON.createArrayNode();
        String last = null;
        int count = 0;
        boolean hasNext = false;
        String previousFolder = null;
        for (StoredObject object : candidates) {
            String folder = null;
            if (delimited) {
                int slash = object.name().indexOf('/', prefix.length());
                if (slash >= 0) {
                    folder = object.name().substring(0, slash + 1);
                    if (folder.equals(previousFolder)) {
                        continue;
                    }
                }
            }
            if (count == limit) {
                hasNext = true;
                break;
            }
            if (folder != null) {
                previousFolder = folder;
                ObjectNode node = folders.addObject();
                node.put("key", folder);
                node.put("name", folder);
                last = folder;
            } else {
                objects.add(listedObject(object, object.name()));
                last = object.name();
            }
            count++;
        }
        ObjectNode result = Call.JSON.createObjectNode();
        result.put("hasNext", hasNext);
        if (hasNext) {
            String token = "l:" + last + (descending ? "\no:desc" : "");
            result.put("nextCursor", Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8)));
            result.put("nextCursorKey", last);
        }
        result.set("folders", folders);
        result.set("objects", objects);
        call.json(200, result);
    }

    private static String decodeCursor(String cursor) {
        try {
            String decoded = new String(Base64.getDecoder().decode(cursor), StandardCharsets.UTF_8);
            for (String part : decoded.split("\n")) {
                if (part.startsWith("l:")) {
                    return part.substring(2);
                }
            }
            return null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean cursorIsDescending(String cursor) {
        String decoded = new String(Base64.getDecoder().decode(cursor), StandardCharsets.UTF_8);
        return decoded.contains("\no:desc");
    }

    private void listV1(Call call, String bucketId) throws IOException {
        JsonNode body = readListBody(call);
        if (body == null) {
            return;
        }
        if (!body.path("prefix").isTextual()) {
            validationError(call, "body must have required property 'prefix'");
            return;
        }
        if (storage.bucket(bucketId).isEmpty()) {
            // storage.search() simply finds no rows for an unknown bucket
            call.json(200, Call.JSON.createArrayNode());
            return;
        }
        String prefix = body.get("prefix").asText();
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            prefix = prefix + "/";
        }
        int limit = Math.min(body.path("limit").asInt(100) <= 0 ? 100 : body.path("limit").asInt(100), LIST_MAX);
        int offset = Math.max(0, body.path("offset").asInt(0));
        String search = body.path("search").asText("");
        String column = body.path("sortBy").path("column").asText("name");
        boolean descending = "desc".equals(body.path("sortBy").path("order").asText("asc"));

        // One folder level: direct children by name, sub-folders collapsed into one entry each.
        Map<String, Entry> entries = new java.util.TreeMap<>(FakeStorage.NAME_ORDER);
        for (StoredObject object : storage.requireObjects(bucketId).values()) {
            if (!object.name().startsWith(prefix)) {
                continue;
            }
            String rest = object.name().substring(prefix.length());
            int slash = rest.indexOf('/');
            String entryName = slash < 0 ? rest : rest.substring(0, slash);
            if (entryName.isEmpty() || !entryName.toLowerCase(Locale.ROOT).contains(search.toLowerCase(Locale.ROOT))) {
                continue;
            }
            if (slash < 0) {
                entries.put(entryName, new Entry(entryName, object));
            } else {
                entries.putIfAbsent(entryName, new Entry(entryName, null));
            }
        }
        List<Entry> sorted = new ArrayList<>(entries.values());
        sorted.sort(v1Order(column, descending));
        ArrayNode array = Call.JSON.createArrayNode();
        for (int i = offset; i < sorted.size() && i < offset + limit; i++) {
            Entry entry = sorted.get(i);
            if (entry.object == null) {
                ObjectNode folder = array.addObject();
                folder.put("name", entry.name);
                folder.putNull("id");
                folder.putNull("updated_at");
                folder.putNull("created_at");
                folder.putNull("last_accessed_at");
                folder.putNull("metadata");
            } else {
                array.add(listedObject(entry.object, entry.name));
            }
        }
        call.json(200, array);
    }

    private record Entry(String name, StoredObject object) {
        Instant timestamp(String column) {
            if (object == null) {
                return null;
            }
            return "created_at".equals(column) ? object.createdAt() : object.updatedAt();
        }
    }

    /** Postgres order: by the column, nulls (folders) last when ascending and first when descending, then name. */
    private static Comparator<Entry> v1Order(String column, boolean descending) {
        Comparator<Entry> byName = Comparator.comparing(Entry::name, FakeStorage.NAME_ORDER);
        Comparator<Entry> order;
        if ("name".equals(column)) {
            order = byName;
        } else {
            order = Comparator.comparing((Entry e) -> e.timestamp(column), Comparator.nullsLast(Comparator.naturalOrder()))
                    .thenComparing(byName);
        }
        return descending ? order.reversed() : order;
    }

    private static JsonNode readListBody(Call call) throws IOException {
        try {
            JsonNode body = call.readJson();
            return body == null ? Call.JSON.createObjectNode() : body;
        } catch (IOException e) {
            validationError(call, "Body is not valid JSON");
            return null;
        }
    }

    /** A listing row: only the objects table's columns, so no user metadata (that needs /object/info). */
    private static ObjectNode listedObject(StoredObject object, String name) {
        ObjectNode node = Call.JSON.createObjectNode();
        node.put("name", name);
        node.put("id", object.id());
        node.put("updated_at", js(object.updatedAt()));
        node.put("created_at", js(object.createdAt()));
        node.put("last_accessed_at", js(object.createdAt()));
        node.set("metadata", objectMetadata(object));
        return node;
    }

    static ObjectNode objectMetadata(StoredObject object) {
        ObjectNode metadata = Call.JSON.createObjectNode();
        metadata.put("eTag", object.eTag());
        metadata.put("size", object.size());
        metadata.put("mimetype", object.contentType());
        metadata.put("cacheControl", object.cacheControl());
        metadata.put("lastModified", js(object.lastModified()));
        metadata.put("contentLength", object.size());
        metadata.put("httpStatusCode", 200);
        return metadata;
    }

    // ---- single objects -------------------------------------------------------------------------------------

    /** Resolves {@code bucket/key...}; the caller may read only service-wide or from a public bucket. */
    private void withObject(Call call, String bucketAndKey, boolean service, ObjectAction action) throws IOException {
        int slash = bucketAndKey.indexOf('/');
        String bucketId = slash < 0 ? bucketAndKey : bucketAndKey.substring(0, slash);
        String name = slash < 0 ? "" : bucketAndKey.substring(slash + 1);
        Bucket bucket = storage.bucket(bucketId).orElse(null);
        if (bucket == null || !(service || bucket.isPublic())) {
            noSuchBucket(call);
            return;
        }
        if (!storage.acceptsKey(name)) {
            error(call, 400, "InvalidKey", "InvalidKey", "Invalid key: " + name);
            return;
        }
        StoredObject object = storage.findObject(bucketId, name).orElse(null);
        if (object == null) {
            noSuchKey(call);
            return;
        }
        action.run(object);
    }

    private static void info(Call call, StoredObject object) throws IOException {
        ObjectNode node = Call.JSON.createObjectNode();
        node.put("id", object.id());
        node.put("name", object.name());
        node.put("version", object.id());
        node.put("bucket_id", object.bucket());
        node.put("size", object.size());
        node.put("content_type", object.contentType());
        node.put("cache_control", object.cacheControl());
        node.put("etag", object.eTag());
        node.set("metadata", object.userMetadata());
        node.put("last_modified", js(object.updatedAt()));
        node.put("created_at", js(object.createdAt()));
        call.responseHeaders().set("ETag", object.eTag());
        call.responseHeaders().set("Cache-Control", object.cacheControl());
        call.json(200, node);
    }

    private void download(Call call, StoredObject object) throws IOException {
        long size = object.size();
        long start = 0;
        long end = size - 1;
        boolean partial = false;
        String range = call.header("Range");
        if (range != null) {
            Matcher matcher = RANGE.matcher(range.trim());
            if (matcher.matches() && !(matcher.group(1).isEmpty() && matcher.group(2).isEmpty())) {
                if (matcher.group(1).isEmpty()) {
                    start = Math.max(0, size - Long.parseLong(matcher.group(2)));
                } else {
                    start = Long.parseLong(matcher.group(1));
                    if (!matcher.group(2).isEmpty()) {
                        end = Math.min(end, Long.parseLong(matcher.group(2)));
                    }
                }
                if (start >= size || start > end) {
                    error(call, 416, "InvalidRange", "invalid_range", "invalid range provided");
                    return;
                }
                partial = true;
            }
        }
        var headers = call.responseHeaders();
        headers.set("Accept-Ranges", "bytes");
        headers.set("Content-Type", storage.normaliseContentType(object.contentType()));
        headers.set("ETag", object.eTag());
        headers.set("Last-Modified", DateTimeFormatter.RFC_1123_DATE_TIME.format(object.lastModified().atZone(ZoneOffset.UTC)));
        headers.set("Cache-Control", object.cacheControl());
        long length = size == 0 ? 0 : end - start + 1;
        if (partial) {
            headers.set("Content-Range", "bytes " + start + "-" + end + "/" + size);
        }
        call.stream(partial ? 206 : 200, length, object.blob.open(start, length));
    }

    private void upload(Call call, String bucketAndKey) throws IOException {
        int slash = bucketAndKey.indexOf('/');
        String bucketId = slash < 0 ? bucketAndKey : bucketAndKey.substring(0, slash);
        String name = slash < 0 ? "" : bucketAndKey.substring(slash + 1);
        if (!storage.acceptsKey(name)) {
            error(call, 400, "InvalidKey", "InvalidKey", "Invalid key: " + name);
            return;
        }
        Bucket bucket = storage.bucket(bucketId).orElse(null);
        if (bucket == null) {
            noSuchBucket(call);
            return;
        }
        boolean upsert = call.method.equals("PUT") || "true".equals(call.header("x-upsert"));
        if (!upsert && storage.findObject(bucketId, name).isPresent()) {
            keyExists(call);
            return;
        }
        String contentType = call.header("Content-Type");
        if (contentType == null || contentType.isEmpty()) {
            contentType = "application/octet-stream";
        }
        if (contentType.startsWith("multipart/form-data")) {
            error(call, 400, "InvalidRequest", "InvalidRequest", "the fake models binary uploads only");
            return;
        }
        if (bucket.allowedMimeTypes() != null && !mimeAllowed(contentType, bucket.allowedMimeTypes())) {
            error(call, 415, "InvalidMimeType", "invalid_mime_type", "mime type " + contentType + " is not supported");
            return;
        }
        long limit = storage.uploadLimit(bucket);
        String declared = call.header("Content-Length");
        if (declared != null && Long.parseLong(declared.trim()) > limit) {
            entityTooLarge(call);
            return;
        }
        String cacheControl = call.header("Cache-Control");
        if (cacheControl == null) {
            cacheControl = "no-cache";
        }
        String userMetadata = decodeUserMetadata(call.header("x-metadata"));

        BlobStore.Writer writer = storage.blobs.newWriter();
        BlobStore.Blob blob;
        try {
            writer.append(call.body(), limit);
            blob = writer.finish();
        } catch (BlobStore.TooLarge e) {
            writer.discard();
            entityTooLarge(call);
            return;
        } catch (IOException e) {
            writer.discard();
            throw e;
        }
        StoredObject stored;
        try {
            stored = storage.commitUpload(bucketId, name, blob, contentType, cacheControl, userMetadata, upsert);
        } catch (FakeStorage.AlreadyExists e) {
            keyExists(call);
            return;
        }
        ObjectNode response = Call.JSON.createObjectNode();
        response.put("Id", stored.id());
        response.put("Key", bucketId + "/" + name);
        call.json(200, response);
    }

    static void keyExists(Call call) throws IOException {
        error(call, 409, "KeyAlreadyExists", "Duplicate", "The resource already exists");
    }

    static void entityTooLarge(Call call) throws IOException {
        error(call, 413, "EntityTooLarge", "Payload too large", "The object exceeded the maximum allowed size");
    }

    /** Upstream's check: split on '/' and compare both halves, so parameters such as {@code ;charset=} do not match. */
    static boolean mimeAllowed(String mimeType, List<String> allowed) {
        String[] requested = mimeType.split("/");
        if (requested.length < 2) {
            return false;
        }
        for (String candidate : allowed) {
            String[] parts = candidate.split("/");
            if (parts.length < 2) {
                continue;
            }
            if (parts[0].equals(requested[0]) && (parts[1].equals("*") || parts[1].equals(requested[1]))) {
                return true;
            }
        }
        return false;
    }

    /** {@code x-metadata} is base64 of a JSON object; upstream silently ignores anything unparsable. */
    private static String decodeUserMetadata(String header) {
        if (header == null) {
            return null;
        }
        try {
            JsonNode node = Call.JSON.readTree(Base64.getDecoder().decode(header.trim()));
            return node == null ? null : Call.JSON.writeValueAsString(node);
        } catch (IllegalArgumentException | IOException e) {
            return null;
        }
    }
}
