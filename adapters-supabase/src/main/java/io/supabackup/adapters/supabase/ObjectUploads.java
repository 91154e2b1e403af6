package io.supabackup.adapters.supabase;

import io.supabackup.adapters.supabase.SupabaseHttp.Api;
import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import io.supabackup.domain.model.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes objects. Retry semantics, chosen so that memory stays bounded and nothing is sent twice unknowingly:
 * <ul>
 *   <li>up to {@link #CHUNK} bytes (6 MB) and not above the resumable threshold: read into memory, sent as one
 *       standard upload, retried like any request;</li>
 *   <li>above the resumable threshold: TUS, 6 MB chunks held in memory one at a time; a failed chunk is
 *       resumed from the offset the server reports (HEAD), so a transfer never restarts from zero;</li>
 *   <li>a large file when the server has no TUS (or a threshold set above 6 MB): one streamed standard upload,
 *       which cannot be retried because its stream is consumed; a failure is reported for the caller to retry
 *       with a fresh stream.</li>
 * </ul>
 * {@code object.size()} must be the content's exact length; a stream that is shorter or longer fails the upload
 * instead of storing a different file.
 */
final class ObjectUploads {
    private static final Logger LOG = LoggerFactory.getLogger(ObjectUploads.class);
    /** Supabase's TUS endpoint takes chunks of exactly 6 MB (but the last). */
    static final int CHUNK = 6 * 1024 * 1024;
    private static final String TUS_VERSION = "1.0.0";
    private static final Pattern MAX_AGE = Pattern.compile("\\s*max-age=(\\d+)\\s*");

    private final SupabaseHttp http;
    /** Learnt once per project by an OPTIONS probe. */
    private volatile Boolean tusAvailable;

    ObjectUploads(SupabaseHttp http) {
        this.http = http;
    }

    boolean upload(StoredObject object, InputStream content, boolean overwrite) {
        try {
            if (object.size() > http.config().resumableThreshold() && tusAvailable()) {
                return resumable(object, content, overwrite);
            }
            if (object.size() <= CHUNK) {
                return buffered(object, content, overwrite);
            }
            return streamed(object, content, overwrite);
        } catch (IOException e) {
            throw new SupabackupException(FailureKind.UNEXPECTED, "reading the content of " + object.bucketId() + "/"
                    + object.name() + " for its upload failed: " + e.getMessage(), null, e);
        }
    }

    // ---- standard uploads ------------------------------------------------------------------------------

    private boolean buffered(StoredObject object, InputStream content, boolean overwrite) throws IOException {
        byte[] bytes = content.readNBytes((int) object.size());
        requireExactLength(object, bytes.length, content);
        SupabaseHttp.Call call = standard(object, overwrite).body(bytes);
        return answer(call, http.exchange(call), object, overwrite);
    }

    private boolean streamed(StoredObject object, InputStream content, boolean overwrite) {
        SupabaseHttp.Call call = standard(object, overwrite);
        call.body = () -> HttpRequest.BodyPublishers.fromPublisher(
                HttpRequest.BodyPublishers.ofInputStream(() -> content), object.size());
        call.replayable = false;
        LOG.debug("streaming {}/{} ({} bytes) in one standard upload", object.bucketId(), object.name(), object.size());
        return answer(call, http.exchange(call), object, overwrite);
    }

    private SupabaseHttp.Call standard(StoredObject object, boolean overwrite) {
        SupabaseHttp.Call call = http.call(Api.STORAGE, "POST", "/object/" + ObjectPaths.of(object.bucketId(), object.name()))
                .header("Content-Type", contentType(object));
        if (object.cacheControl() != null && !object.cacheControl().isBlank()) {
            call.header("Cache-Control", object.cacheControl());
        }
        if (hasUserMetadata(object)) {
            call.header("x-metadata", base64(object.userMetadataJson()));
        }
        if (overwrite) {
            call.header("x-upsert", "true");
        }
        return call;
    }

    private boolean answer(SupabaseHttp.Call call, Reply reply, StoredObject object, boolean overwrite) {
        if (reply.ok()) {
            return true;
        }
        if (reply.realStatus() == 409 && !overwrite) {
            return false;
        }
        SupabackupException failure = http.failure(call, reply);
        if (!call.replayable && SupabaseHttp.isTransient(reply, call)) {
            return rethrowWithHint(failure, "A streamed upload of " + object.size() + " bytes cannot be repeated "
                    + "from here; run the restore again to retry it.");
        }
        throw failure;
    }

    private static boolean rethrowWithHint(SupabackupException failure, String hint) {
        throw new SupabackupException(failure.kind(), failure.getMessage(), hint, failure);
    }

    // ---- TUS ---------------------------------------------------------------------------------------------

    private boolean tusAvailable() {
        Boolean known = tusAvailable;
        if (known != null) {
            return known;
        }
        SupabaseHttp.Call probe = http.call(Api.STORAGE, "OPTIONS", "/upload/resumable")
                .header("Tus-Resumable", TUS_VERSION);
        Reply reply = http.exchange(probe);
        boolean available;
        if (reply.ok() && (reply.header("Tus-Version").isPresent() || reply.header("Tus-Resumable").isPresent())) {
            available = true;
        } else if (reply.status() == 404 || reply.status() == 405 || reply.status() == 501 || reply.ok()) {
            available = false;
        } else {
            throw http.failure(probe, reply);
        }
        LOG.info("{} {} resumable (TUS) uploads", http.location(Api.STORAGE), available ? "offers" : "does not offer");
        tusAvailable = available;
        return available;
    }

    private boolean resumable(StoredObject object, InputStream content, boolean overwrite) throws IOException {
        URI location = create(object, overwrite);
        if (location == null) {
            return false;
        }
        boolean done = false;
        try {
            long size = object.size();
            long offset = 0;
            while (offset < size) {
                int want = (int) Math.min(CHUNK, size - offset);
                byte[] chunk = content.readNBytes(want);
                if (chunk.length < want) {
                    requireExactLength(object, offset + chunk.length, content);
                }
                if (offset + want == size) {
                    requireExactLength(object, size, content);
                }
                Long next = sendChunk(location, offset, chunk, overwrite, object);
                if (next == null) {
                    done = true;
                    return false;
                }
                offset = next;
            }
            done = true;
            return true;
        } finally {
            if (!done) {
                terminate(location);
            }
        }
    }

    /** Opens the upload; null when the object exists and may not be replaced. */
    private URI create(StoredObject object, boolean overwrite) {
        StringBuilder metadata = new StringBuilder()
                .append("bucketName ").append(base64(object.bucketId()))
                .append(",objectName ").append(base64(object.name()))
                .append(",contentType ").append(base64(contentType(object)));
        String seconds = cacheSeconds(object.cacheControl());
        if (seconds != null) {
            metadata.append(",cacheControl ").append(base64(seconds));
        } else if (object.cacheControl() != null && !object.cacheControl().isBlank()) {
            // TUS metadata carries a number of seconds only; the server then stores its default.
            LOG.warn("{}/{}: Cache-Control \"{}\" cannot travel with a resumable upload", object.bucketId(),
                    object.name(), object.cacheControl());
        }
        if (hasUserMetadata(object)) {
            metadata.append(",metadata ").append(base64(object.userMetadataJson()));
        }
        SupabaseHttp.Call call = http.call(Api.STORAGE, "POST", "/upload/resumable")
                .header("Tus-Resumable", TUS_VERSION)
                .header("Upload-Length", Long.toString(object.size()))
                .header("Upload-Metadata", metadata.toString());
        if (overwrite) {
            call.header("x-upsert", "true");
        }
        Reply reply = http.exchange(call);
        if (reply.status() == 409 && !overwrite) {
            return null;
        }
        if (reply.status() != 201 || reply.header("Location").isEmpty()) {
            throw http.failure(call, reply);
        }
        return sameOrigin(call.uri.resolve(reply.header("Location").get()));
    }

    /** The key goes to the project's origin only, whatever host a Location header names. */
    private URI sameOrigin(URI location) {
        URI project = http.config().projectUrl();
        String path = location.getRawPath() == null ? "" : location.getRawPath();
        String query = location.getRawQuery() == null ? "" : "?" + location.getRawQuery();
        return URI.create(project.getScheme() + "://" + project.getRawAuthority() + path + query);
    }

    /**
     * Sends one chunk, resuming after a failure from the offset the server reports; the next offset, or null
     * when the server refuses to replace an existing object.
     */
    private Long sendChunk(URI location, long start, byte[] chunk, boolean overwrite, StoredObject object) {
        long end = start + chunk.length;
        long offset = start;
        int failures = 0;
        while (offset < end) {
            int from = (int) (offset - start);
            SupabaseHttp.Call patch = new SupabaseHttp.Call(Api.STORAGE, "PATCH", location)
                    .header("Tus-Resumable", TUS_VERSION)
                    .header("Upload-Offset", Long.toString(offset))
                    .header("Content-Type", "application/offset+octet-stream");
            if (overwrite) {
                patch.header("x-upsert", "true");
            }
            patch.body = () -> HttpRequest.BodyPublishers.ofByteArray(chunk, from, chunk.length - from);
            Reply reply;
            String problem;
            java.time.Duration wait = null;
            try {
                reply = http.once(patch);
                if (reply.ok()) {
                    long reported = reply.header("Upload-Offset").map(Long::parseLong).orElse(end);
                    if (reported <= offset || reported > end) {
                        throw new SupabackupException(FailureKind.UNEXPECTED, "resumable upload of "
                                + object.bucketId() + "/" + object.name() + " reported offset " + reported
                                + " after sending bytes " + offset + ".." + end);
                    }
                    offset = reported;
                    failures = 0;
                    continue;
                }
                if (reply.status() == 409 && reply.message().contains("already exists")) {
                    if (overwrite) {
                        throw http.failure(patch, reply);
                    }
                    return null;
                }
                if (reply.status() != 409 && !SupabaseHttp.isTransient(reply, patch)) {
                    throw http.failure(patch, reply);
                }
                problem = "HTTP " + reply.status() + ": " + http.redact(reply.message());
                wait = SupabaseHttp.retryAfter(reply).orElse(null);
            } catch (IOException e) {
                problem = e.toString();
            }
            failures++;
            if (failures >= http.config().maxAttempts()) {
                throw new SupabackupException(FailureKind.UNEXPECTED, "resumable upload of " + object.bucketId() + "/"
                        + object.name() + " to " + http.location(Api.STORAGE) + " failed at byte " + offset + " after "
                        + failures + " attempts: " + problem,
                        "The service kept failing; try again later or check status.supabase.com.");
            }
            LOG.debug("chunk of {}/{} at {} failed ({}); asking the server where to resume", object.bucketId(),
                    object.name(), offset, problem);
            http.pause(wait != null ? wait : http.backoff(failures), patch);
            offset = serverOffset(location, start, end, object);
        }
        return end;
    }

    private long serverOffset(URI location, long start, long end, StoredObject object) {
        SupabaseHttp.Call head = new SupabaseHttp.Call(Api.STORAGE, "HEAD", location).header("Tus-Resumable", TUS_VERSION);
        Reply reply = http.exchange(head);
        if (!reply.ok()) {
            throw http.failure(head, reply);
        }
        long offset = reply.header("Upload-Offset").map(Long::parseLong).orElse(-1L);
        if (offset < start || offset > end) {
            // Only this chunk is still in memory; a server that lost more cannot be resumed from here.
            throw new SupabackupException(FailureKind.UNEXPECTED, "resumable upload of " + object.bucketId() + "/"
                    + object.name() + " cannot resume: the server holds " + offset + " bytes, this chunk covers "
                    + start + ".." + end, "Run the restore again to upload the file from the start.");
        }
        return offset;
    }

    private void terminate(URI location) {
        try {
            SupabaseHttp.Call delete = new SupabaseHttp.Call(Api.STORAGE, "DELETE", location)
                    .header("Tus-Resumable", TUS_VERSION);
            http.once(delete);
        } catch (IOException | RuntimeException e) {
            LOG.debug("could not terminate abandoned upload: {}", e.toString());
        }
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    private static void requireExactLength(StoredObject object, long read, InputStream content) throws IOException {
        if (read < object.size()) {
            throw new SupabackupException(FailureKind.UNEXPECTED, "the content of " + object.bucketId() + "/"
                    + object.name() + " ended after " + read + " bytes, but the object has " + object.size());
        }
        if (content.read() != -1) {
            throw new SupabackupException(FailureKind.UNEXPECTED, "the content of " + object.bucketId() + "/"
                    + object.name() + " is longer than the object's " + object.size() + " bytes");
        }
    }

    static String cacheSeconds(String cacheControl) {
        if (cacheControl == null) {
            return null;
        }
        Matcher matcher = MAX_AGE.matcher(cacheControl);
        return matcher.matches() ? matcher.group(1) : null;
    }

    private static String contentType(StoredObject object) {
        String type = object.contentType();
        return type == null || type.isBlank() ? "application/octet-stream" : type;
    }

    private static boolean hasUserMetadata(StoredObject object) {
        String json = object.userMetadataJson();
        return json != null && !json.isBlank() && !json.strip().equals("{}") && !json.strip().equals("null");
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
