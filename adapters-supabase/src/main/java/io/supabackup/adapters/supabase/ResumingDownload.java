package io.supabackup.adapters.supabase;

import io.supabackup.adapters.supabase.SupabaseHttp.Api;
import io.supabackup.domain.error.SupabackupException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An object's bytes that survive a broken transfer: when the body fails or ends short of its length, the rest
 * is asked for with {@code Range: bytes=<offset>-}; a server ignoring the Range sends it all again and the part
 * already delivered is skipped. Partial data is never passed off as the whole: the stream either ends at the
 * announced length or fails with an IOException. A changed ETag between parts fails it too.
 */
final class ResumingDownload extends InputStream {
    private static final Logger LOG = LoggerFactory.getLogger(ResumingDownload.class);
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

    private final SupabaseHttp http;
    private final String path;
    private final String what;
    private InputStream current;
    private long position;
    private long length = -1;
    private String eTag;
    private int failuresWithoutProgress;
    private boolean finished;
    private boolean closed;

    private ResumingDownload(SupabaseHttp http, String path, String what) {
        this.http = http;
        this.path = path;
        this.what = what;
    }

    /** Opens the download; a missing object or a refused key fails here rather than on the first read. */
    static InputStream open(SupabaseHttp http, String bucketId, String name) {
        ResumingDownload download = new ResumingDownload(http, "/object/authenticated/" + ObjectPaths.of(bucketId, name),
                bucketId + "/" + name);
        SupabaseHttp.Call call = download.call();
        SupabaseHttp.Opened opened = http.open(call);
        if (opened.error() != null) {
            if (opened.error().realStatus() == 404) {
                throw new SupabackupException(io.supabackup.domain.error.FailureKind.NOT_FOUND,
                        "Supabase Storage at " + http.config().projectUrl() + " has no object " + download.what
                                + ": " + http.redact(opened.error().message()));
            }
            throw http.failure(call, opened.error());
        }
        download.current = opened.response().body();
        download.eTag = opened.response().headers().firstValue("ETag").orElse(null);
        download.length = opened.response().headers().firstValueAsLong("Content-Length").orElse(-1);
        return download;
    }

    private SupabaseHttp.Call call() {
        SupabaseHttp.Call call = http.call(Api.STORAGE, "GET", path);
        if (position > 0) {
            call.header("Range", "bytes=" + position + "-");
        }
        return call;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int count) throws IOException {
        if (closed) {
            throw new IOException("download of " + what + " is closed");
        }
        if (count == 0) {
            return 0;
        }
        while (true) {
            if (finished) {
                return -1;
            }
            if (current == null) {
                reopen();
                continue;
            }
            int n;
            try {
                n = current.read(buffer, offset, count);
            } catch (IOException e) {
                failed(e);
                continue;
            }
            if (n < 0) {
                if (length >= 0 && position < length) {
                    failed(new EOFException("body ended at byte " + position + " of " + length));
                    continue;
                }
                finished = true;
                closeCurrent();
                return -1;
            }
            position += n;
            failuresWithoutProgress = 0;
            return n;
        }
    }

    private void failed(IOException e) throws IOException {
        closeCurrent();
        failuresWithoutProgress++;
        int attempts = http.config().maxAttempts();
        if (failuresWithoutProgress >= attempts) {
            throw new IOException("download of " + what + " from " + http.location(Api.STORAGE) + " failed at byte "
                    + position + (length >= 0 ? " of " + length : "") + " after " + failuresWithoutProgress
                    + " attempts: " + http.redact(e.toString()), e);
        }
        LOG.debug("download of {} broke at byte {}: {}; resuming", what, position, e.toString());
        SupabaseHttp.Call call = call();
        try {
            http.pause(http.backoff(failuresWithoutProgress), call);
        } catch (SupabackupException interrupted) {
            throw new java.io.InterruptedIOException(interrupted.getMessage());
        }
    }

    private void reopen() throws IOException {
        SupabaseHttp.Call call = call();
        SupabaseHttp.Opened opened;
        try {
            opened = http.open(call);
        } catch (SupabackupException e) {
            throw new IOException(brokenAt() + e.getMessage(), e);
        }
        if (opened.error() != null) {
            Reply error = opened.error();
            if (error.realStatus() == 416 && length >= 0 && position >= length) {
                finished = true;
                return;
            }
            SupabackupException failure = http.failure(call, error);
            throw new IOException(brokenAt() + failure.getMessage(), failure);
        }
        HttpResponse<InputStream> response = opened.response();
        InputStream body = response.body();
        String newTag = response.headers().firstValue("ETag").orElse(null);
        if (eTag != null && newTag != null && !eTag.equals(newTag)) {
            body.close();
            throw new IOException("object " + what + " changed during its download (ETag " + eTag + " became "
                    + newTag + "); download it again");
        }
        if (response.statusCode() == 206) {
            Optional<String> range = response.headers().firstValue("Content-Range");
            Matcher matcher = CONTENT_RANGE.matcher(range.orElse(""));
            if (!matcher.matches() || Long.parseLong(matcher.group(1)) != position) {
                body.close();
                throw new IOException("resuming " + what + " at byte " + position + " got Content-Range "
                        + range.orElse("(none)"));
            }
            if (length < 0 && !matcher.group(3).equals("*")) {
                length = Long.parseLong(matcher.group(3));
            }
            current = body;
            return;
        }
        // The Range was ignored: the whole object again, whose first part the reader has had already.
        long total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        if (length >= 0 && total >= 0 && total != length) {
            body.close();
            throw new IOException("object " + what + " changed during its download (" + length + " bytes became "
                    + total + ")");
        }
        try {
            long skipped = skipFully(body, position);
            if (skipped < position) {
                body.close();
                failed(new EOFException("restarted body ended at byte " + skipped + " before the resume point "
                        + position));
                return;
            }
        } catch (IOException e) {
            body.close();
            failed(e);
            return;
        }
        current = body;
    }

    private String brokenAt() {
        return "download of " + what + " failed at byte " + position + (length >= 0 ? " of " + length : "") + ": ";
    }

    private static long skipFully(InputStream in, long count) throws IOException {
        byte[] scratch = new byte[64 * 1024];
        long skipped = 0;
        while (skipped < count) {
            int n = in.read(scratch, 0, (int) Math.min(scratch.length, count - skipped));
            if (n < 0) {
                break;
            }
            skipped += n;
        }
        return skipped;
    }

    private void closeCurrent() {
        if (current != null) {
            try {
                current.close();
            } catch (IOException ignored) {
                // the connection is being given up anyway
            }
            current = null;
        }
    }

    @Override
    public void close() {
        closed = true;
        closeCurrent();
    }
}
