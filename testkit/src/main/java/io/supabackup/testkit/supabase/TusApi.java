package io.supabackup.testkit.supabase;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * TUS 1.0.0 resumable uploads under {@code /storage/v1/upload/resumable}, as supabase/storage runs them on
 * tus-node-server: errors are the real status with a plain-text body; the upload id in the Location URL is
 * base64url of {@code bucket/object/version}; {@code x-upsert} is read on every request (the one that
 * completes the upload decides whether an existing object may be replaced); the {@code cacheControl}
 * metadata must be a number of seconds (anything else is stored as {@code no-cache}).
 */
final class TusApi {
    static final String BASE = "/upload/resumable";
    private static final String OCTETS = "application/offset+octet-stream";

    private final FakeStorage storage;
    private final String publicBaseUrl;
    private final Map<String, Upload> uploads = new ConcurrentHashMap<>();

    TusApi(FakeStorage storage, String publicBaseUrl) {
        this.storage = storage;
        this.publicBaseUrl = publicBaseUrl;
    }

    private static final class Upload {
        final String bucket;
        final String name;
        final long length;
        final String rawMetadata;
        final String contentType;
        final String cacheControl;
        final String userMetadataJson;
        final BlobStore.Writer writer;
        final Instant expires = Instant.now().plusSeconds(24 * 3600);
        long offset;
        boolean complete;

        Upload(String bucket, String name, long length, String rawMetadata, String contentType, String cacheControl,
               String userMetadataJson, BlobStore.Writer writer) {
            this.bucket = bucket;
            this.name = name;
            this.length = length;
            this.rawMetadata = rawMetadata;
            this.contentType = contentType;
            this.cacheControl = cacheControl;
            this.userMetadataJson = userMetadataJson;
            this.writer = writer;
        }
    }

    void handle(Call call, String sub, Keys.Verified caller) throws IOException {
        call.responseHeaders().set("Tus-Resumable", "1.0.0");
        if (call.method.equals("OPTIONS")) {
            call.responseHeaders().set("Tus-Version", "1.0.0");
            call.responseHeaders().set("Tus-Extension", "creation,creation-with-upload,termination,expiration");
            call.empty(204);
            return;
        }
        if (call.header("Tus-Resumable") == null) {
            call.responseHeaders().set("Tus-Version", "1.0.0");
            call.text(412, "Missing Tus-Resumable header\n");
            return;
        }
        if (!caller.ok()) {
            call.text(403, caller.problem().storageMessage);
            return;
        }
        if (!"service_role".equals(caller.role())) {
            call.text(403, "new row violates row-level security policy");
            return;
        }
        String id = sub.length() > BASE.length() + 1 ? sub.substring(BASE.length() + 1) : "";
        if (id.isEmpty() && call.method.equals("POST")) {
            create(call);
            return;
        }
        Upload upload = uploads.get(id);
        if (upload == null) {
            if (call.method.equals("HEAD")) {
                call.empty(404);
            } else {
                call.text(404, "The file for this url was not found\n");
            }
            return;
        }
        switch (call.method) {
            case "HEAD" -> head(call, upload);
            case "PATCH" -> patch(call, upload);
            case "DELETE" -> delete(call, id, upload);
            default -> call.text(405, "Method not allowed\n");
        }
    }

    private void create(Call call) throws IOException {
        String lengthHeader = call.header("Upload-Length");
        long length;
        try {
            length = Long.parseLong(lengthHeader == null ? "" : lengthHeader.trim());
        } catch (NumberFormatException e) {
            call.text(400, "Upload-Length or Upload-Defer-Length header required\n");
            return;
        }
        String rawMetadata = call.header("Upload-Metadata");
        Map<String, String> metadata = parseMetadata(rawMetadata);
        if (metadata == null) {
            call.text(400, "Upload-Metadata is invalid. It MUST consist of one or more comma-separated key-value pairs."
                    + " The key and value MUST be separated by a space. The key MUST NOT contain spaces and commas and"
                    + " MUST NOT be empty. The key SHOULD be ASCII encoded and the value MUST be Base64 encoded.\n");
            return;
        }
        String bucketId = metadata.getOrDefault("bucketName", "");
        String name = metadata.getOrDefault("objectName", "");
        if (!storage.acceptsKey(name)) {
            call.text(400, "Invalid key: " + name);
            return;
        }
        Bucket bucket = storage.bucket(bucketId).orElse(null);
        if (bucket == null) {
            call.text(404, "Bucket not found");
            return;
        }
        if (!upsert(call) && storage.findObject(bucketId, name).isPresent()) {
            call.text(409, "The resource already exists");
            return;
        }
        if (length > storage.uploadLimit(bucket)) {
            call.text(413, "Maximum size exceeded\n");
            return;
        }
        String contentType = metadata.get("contentType");
        if (contentType != null && bucket.allowedMimeTypes() != null
                && !StorageApi.mimeAllowed(contentType, bucket.allowedMimeTypes())) {
            call.text(415, "mime type " + contentType + " is not supported");
            return;
        }
        String cacheSeconds = metadata.getOrDefault("cacheControl", "");
        String cacheControl = cacheSeconds.matches("-?\\d+") ? "max-age=" + cacheSeconds : "no-cache";
        String userMetadata = null;
        if (metadata.containsKey("metadata")) {
            try {
                userMetadata = Call.JSON.writeValueAsString(Call.JSON.readTree(metadata.get("metadata")));
            } catch (IOException ignored) {
                // upstream ignores user metadata it cannot parse
            }
        }
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(
                (bucketId + "/" + name + "/" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
        Upload upload = new Upload(bucketId, name, length, rawMetadata,
                contentType == null ? "application/octet-stream" : contentType, cacheControl, userMetadata,
                storage.blobs.newWriter());
        uploads.put(id, upload);
        call.responseHeaders().set("Location", publicBaseUrl + BASE + "/" + id);
        call.responseHeaders().set("Upload-Expires", expires(upload));
        if (OCTETS.equals(call.header("Content-Type"))) {
            synchronized (upload) {
                if (!append(call, upload)) {
                    return;
                }
                call.responseHeaders().set("Upload-Offset", Long.toString(upload.offset));
            }
        }
        call.empty(201);
    }

    private static void head(Call call, Upload upload) throws IOException {
        synchronized (upload) {
            call.responseHeaders().set("Upload-Offset", Long.toString(upload.offset));
            call.responseHeaders().set("Upload-Length", Long.toString(upload.length));
            call.responseHeaders().set("Cache-Control", "no-store");
            if (upload.rawMetadata != null) {
                call.responseHeaders().set("Upload-Metadata", upload.rawMetadata);
            }
            call.empty(200);
        }
    }

    private void patch(Call call, Upload upload) throws IOException {
        if (!OCTETS.equals(call.header("Content-Type"))) {
            call.text(415, "Invalid or missing Content-Type header\n");
            return;
        }
        String offsetHeader = call.header("Upload-Offset");
        long offset;
        try {
            offset = Long.parseLong(offsetHeader == null ? "" : offsetHeader.trim());
        } catch (NumberFormatException e) {
            call.text(403, "Upload-Offset header required\n");
            return;
        }
        synchronized (upload) {
            if (offset != upload.offset) {
                call.text(409, "Upload-Offset conflict\n");
                return;
            }
            if (!upsert(call) && storage.findObject(upload.bucket, upload.name).isPresent()) {
                call.text(409, "The resource already exists");
                return;
            }
            if (!append(call, upload)) {
                return;
            }
            call.responseHeaders().set("Upload-Offset", Long.toString(upload.offset));
            call.responseHeaders().set("Upload-Expires", expires(upload));
            call.empty(204);
        }
    }

    /** Appends the request body; completes the object when the declared length is reached. */
    private boolean append(Call call, Upload upload) throws IOException {
        if (upload.complete) {
            call.text(400, "Upload already completed\n");
            return false;
        }
        long before = upload.writer.size();
        try {
            upload.writer.append(call.body(), upload.length);
        } catch (BlobStore.TooLarge e) {
            upload.offset = upload.writer.size();
            call.text(413, "Maximum size exceeded\n");
            return false;
        } catch (IOException e) {
            // A broken connection keeps what arrived, so HEAD reports the offset to resume from.
            upload.offset = upload.writer.size();
            throw e;
        }
        upload.offset = upload.writer.size();
        if (upload.offset == upload.length) {
            try {
                storage.commitUpload(upload.bucket, upload.name, upload.writer.finish(), upload.contentType,
                        upload.cacheControl, upload.userMetadataJson, upsert(call));
            } catch (FakeStorage.AlreadyExists e) {
                upload.offset = before;
                call.text(409, "The resource already exists");
                return false;
            }
            upload.complete = true;
            call.responseHeaders().set("Tus-Complete", "1");
        }
        return true;
    }

    private void delete(Call call, String id, Upload upload) throws IOException {
        synchronized (upload) {
            if (upload.complete) {
                call.text(400, "Cannot terminate an already completed upload\n");
                return;
            }
            uploads.remove(id);
            upload.writer.discard();
            call.empty(204);
        }
    }

    private static boolean upsert(Call call) {
        return "true".equals(call.header("x-upsert"));
    }

    private static String expires(Upload upload) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(upload.expires.atZone(ZoneOffset.UTC));
    }

    /** {@code key base64,key base64,key}; {@code null} when malformed. */
    static Map<String, String> parseMetadata(String header) {
        Map<String, String> result = new HashMap<>();
        if (header == null || header.isBlank()) {
            return result;
        }
        for (String pair : header.split(",")) {
            String[] parts = pair.trim().split(" ");
            if (parts.length == 0 || parts.length > 2 || parts[0].isEmpty()) {
                return null;
            }
            try {
                result.put(parts[0], parts.length == 2
                        ? new String(Base64.getDecoder().decode(parts[1]), StandardCharsets.UTF_8) : "");
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return result;
    }
}
