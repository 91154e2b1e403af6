package io.supabackup.adapters.storage.gcs;

import com.google.api.gax.paging.Page;
import com.google.cloud.ReadChannel;
import com.google.cloud.WriteChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.Storage.BlobField;
import com.google.cloud.storage.Storage.BlobListOption;
import com.google.cloud.storage.Storage.BlobSourceOption;
import com.google.cloud.storage.Storage.BlobTargetOption;
import com.google.cloud.storage.Storage.BlobWriteOption;
import com.google.cloud.storage.StorageClass;
import com.google.cloud.storage.StorageException;
import io.supabackup.domain.port.out.ObjectInfo;
import io.supabackup.domain.port.out.ObjectKeys;
import io.supabackup.domain.port.out.ObjectNotFoundException;
import io.supabackup.domain.port.out.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link ObjectStore} in a Google Cloud Storage bucket: key {@code a/b} is the object
 * {@code <prefix>/a/b}. GCS makes an object visible only when its upload is finalised, which gives the
 * port's atomic save for free as long as a failed save never finalises: it is abandoned instead, and the
 * unfinished session is never listed, and the server discards it after a week.
 */
final class GcsObjectStore implements ObjectStore {
    private static final Logger LOG = LoggerFactory.getLogger(GcsObjectStore.class);

    /** GCS caps an object name at 1024 bytes of UTF-8. */
    private static final int MAX_NAME_BYTES = 1024;
    /** Where the read-ahead of a small object starts; it grows by doubling up to the chunk size. */
    private static final int FIRST_BUFFER = 64 * 1024;
    private static final int COPY_BUFFER = 256 * 1024;
    private static final int PROBE_BYTES = 8 * 1024;

    private final Storage storage;
    private final String bucket;
    /** Empty, or the prefix from the URI followed by {@code /}. */
    private final String root;
    private final GcsConfig config;
    private final String location;
    private final GcsErrors errors;

    GcsObjectStore(Storage storage, String bucket, String prefix, GcsConfig config, String credentialsSource) {
        this.storage = storage;
        this.bucket = bucket;
        this.root = prefix.isEmpty() ? "" : prefix + "/";
        this.config = config;
        this.location = "gs://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
        this.errors = new GcsErrors(bucket, location, credentialsSource);
    }

    @Override
    public void save(String key, InputStream content) throws IOException {
        BlobInfo info = newObject(name(key));
        // Small objects, most of a repository, go up in one request: half the round trips of a
        // resumable session, and a stream failing before a chunk is full never opens one.
        byte[] head = readUpTo(content, config.chunkSize());
        if (head.length < config.chunkSize()) {
            try {
                storage.create(info, head, 0, head.length, BlobTargetOption.disableGzipContent());
            } catch (StorageException e) {
                throw creationFailure(key, e);
            }
            return;
        }
        WriteChannel writer = openWriter(key, info);
        // From here on, any failure leaves the writer unclosed on purpose: closing it would finalise
        // the upload and publish the part written so far as the whole object.
        writeFully(key, writer, ByteBuffer.wrap(head));
        // The upload keeps its own chunk buffer; dropping the read-ahead keeps one chunk per save, not two.
        head = null;
        byte[] buffer = new byte[COPY_BUFFER];
        int n;
        while ((n = content.read(buffer)) >= 0) {
            writeFully(key, writer, ByteBuffer.wrap(buffer, 0, n));
        }
        try {
            writer.close();
        } catch (IOException | StorageException e) {
            throw failure("finishing the upload of " + key, e);
        }
    }

    @Override
    public InputStream load(String key) throws IOException {
        BlobId id = BlobId.of(bucket, name(key));
        ReadChannel reader = storage.reader(id, BlobSourceOption.shouldReturnRawInputStream(true));
        // The channel opens lazily; reading its first bytes here makes a missing object fail now, as the
        // port wants, rather than at the caller's first read.
        ByteBuffer probe = ByteBuffer.allocate(PROBE_BYTES);
        try {
            while (probe.hasRemaining() && reader.read(probe) >= 0) {
                // keeps reading until the probe is full or the object has ended
            }
        } catch (IOException | StorageException e) {
            reader.close();
            if (GcsErrors.isNotFound(e)) {
                if (!bucketExists()) {
                    throw errors.bucketMissingAsIo(e);
                }
                throw new ObjectNotFoundException(key);
            }
            throw failure("loading " + key, e);
        }
        probe.flip();
        return new GcsInputStream(key, probe, reader);
    }

    @Override
    public Optional<ObjectInfo> stat(String key) throws IOException {
        String name = name(key);
        Blob blob;
        try {
            blob = storage.get(BlobId.of(bucket, name));
        } catch (StorageException e) {
            throw failure("reading the size of " + key, e);
        }
        return blob == null ? Optional.empty() : Optional.of(info(key, blob));
    }

    @Override
    public void list(String prefix, Consumer<ObjectInfo> consumer) throws IOException {
        ObjectKeys.requireValidPrefix(prefix);
        String namePrefix = root + prefix;
        Page<Blob> page;
        try {
            page = storage.list(bucket, BlobListOption.prefix(namePrefix),
                    BlobListOption.fields(BlobField.NAME, BlobField.SIZE, BlobField.UPDATED));
        } catch (StorageException e) {
            if (e.getCode() == 404) {
                throw errors.bucketMissing(e);
            }
            throw failure("listing " + prefix, e);
        }
        // Pages are fetched one at a time, so a huge listing never sits in memory whole.
        while (page != null) {
            for (Blob blob : page.getValues()) {
                String name = blob.getName();
                if (name == null || !name.startsWith(namePrefix)) {
                    continue;
                }
                String key = name.substring(root.length());
                if (!isKey(key)) {
                    // Not written by us: a console "folder" placeholder ending in '/', and the like.
                    LOG.debug("skipping object {} of {}: not a valid key", name, location);
                    continue;
                }
                consumer.accept(info(key, blob));
            }
            try {
                page = page.hasNextPage() ? page.getNextPage() : null;
            } catch (StorageException e) {
                throw failure("listing " + prefix, e);
            }
        }
    }

    @Override
    public void delete(String key) throws IOException {
        String name = name(key);
        try {
            // false for a missing object (or bucket): the port calls that success.
            storage.delete(BlobId.of(bucket, name));
        } catch (StorageException e) {
            throw failure("deleting " + key, e);
        }
    }

    @Override
    public boolean exists() throws IOException {
        return bucketExists();
    }

    @Override
    public String location() {
        return location;
    }

    /**
     * Asks for one object name rather than the bucket's metadata: listing needs only
     * {@code storage.objects.list}, which this store needs anyway, while reading the bucket needs
     * {@code storage.buckets.get}, which a least-privileged account (roles/storage.objectAdmin) lacks.
     */
    private boolean bucketExists() throws IOException {
        try {
            storage.list(bucket, BlobListOption.pageSize(1), BlobListOption.prefix(root),
                    BlobListOption.fields(BlobField.NAME));
            return true;
        } catch (StorageException e) {
            if (e.getCode() == 404) {
                return false;
            }
            throw failure("checking the bucket", e);
        }
    }

    private WriteChannel openWriter(String key, BlobInfo info) throws IOException {
        try {
            WriteChannel writer = storage.writer(info, BlobWriteOption.disableGzipContent());
            writer.setChunkSize(config.chunkSize());
            return writer;
        } catch (StorageException e) {
            throw creationFailure(key, e);
        }
    }

    private void writeFully(String key, WriteChannel writer, ByteBuffer bytes) throws IOException {
        try {
            while (bytes.hasRemaining()) {
                writer.write(bytes);
            }
        } catch (IOException | StorageException e) {
            throw failure("saving " + key, e);
        }
    }

    /** Reads until {@code limit} bytes or the end of the stream, growing the buffer only as data arrives. */
    private static byte[] readUpTo(InputStream content, int limit) throws IOException {
        byte[] buffer = new byte[Math.min(FIRST_BUFFER, limit)];
        int length = 0;
        while (true) {
            if (length == buffer.length) {
                if (length == limit) {
                    return buffer;
                }
                buffer = Arrays.copyOf(buffer, (int) Math.min((long) length * 2, limit));
            }
            int n = content.read(buffer, length, buffer.length - length);
            if (n < 0) {
                return length == buffer.length ? buffer : Arrays.copyOf(buffer, length);
            }
            length += n;
        }
    }

    private IOException failure(String action, Throwable e) {
        return errors.map(action, e);
    }

    /** Creating an object (or its upload session) answers 404 only when the bucket is not there. */
    private IOException creationFailure(String key, StorageException e) throws IOException {
        if (e.getCode() == 404 && !bucketExists()) {
            throw errors.bucketMissing(e);
        }
        return failure("saving " + key, e);
    }

    private BlobInfo newObject(String name) {
        BlobInfo.Builder builder = BlobInfo.newBuilder(BlobId.of(bucket, name))
                .setContentType("application/octet-stream");
        if (config.storageClass() != null) {
            builder.setStorageClass(StorageClass.valueOfStrict(config.storageClass()));
        }
        if (config.retention() != null) {
            OffsetDateTime until = OffsetDateTime.now(ZoneOffset.UTC).plus(config.retention());
            builder.setRetention(BlobInfo.Retention.newBuilder()
                    .setMode(config.retentionMode() == GcsConfig.RetentionMode.LOCKED
                            ? BlobInfo.Retention.Mode.LOCKED
                            : BlobInfo.Retention.Mode.UNLOCKED)
                    .setRetainUntilTime(until)
                    .build());
        }
        switch (config.hold()) {
            case TEMPORARY -> builder.setTemporaryHold(true);
            case EVENT_BASED -> builder.setEventBasedHold(true);
            case NONE -> {
            }
        }
        return builder.build();
    }

    /** The object name of {@code key}, after checking the key against the port's rules and GCS's. */
    private String name(String key) {
        ObjectKeys.requireValid(key);
        if (key.indexOf('\r') >= 0 || key.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("GCS object names cannot hold line breaks: '"
                    + key.replace("\r", "\\r").replace("\n", "\\n") + "'");
        }
        String name = root + key;
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            throw new IllegalArgumentException("GCS object names are limited to " + MAX_NAME_BYTES
                    + " bytes; '" + name + "' is longer");
        }
        return name;
    }

    private static boolean isKey(String key) {
        try {
            ObjectKeys.requireValid(key);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static ObjectInfo info(String key, BlobInfo blob) {
        Long size = blob.getSize();
        OffsetDateTime time = blob.getUpdateTimeOffsetDateTime();
        if (time == null) {
            time = blob.getCreateTimeOffsetDateTime();
        }
        return new ObjectInfo(key, size == null ? 0 : size, time == null ? Instant.EPOCH : time.toInstant());
    }

    /** The probed first bytes, then the rest of the channel; the client's unchecked failures become IOExceptions. */
    private final class GcsInputStream extends InputStream {
        private final String key;
        private final ByteBuffer head;
        private final ReadChannel reader;
        private boolean closed;

        GcsInputStream(String key, ByteBuffer head, ReadChannel reader) {
            this.key = key;
            this.head = head;
            this.reader = reader;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n;
            do {
                n = read(one, 0, 1);
            } while (n == 0);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (closed) {
                throw new IOException("stream of " + key + " is closed");
            }
            if (len == 0) {
                return 0;
            }
            if (head.hasRemaining()) {
                int n = Math.min(len, head.remaining());
                head.get(b, off, n);
                return n;
            }
            try {
                ByteBuffer target = ByteBuffer.wrap(b, off, len);
                int n;
                do {
                    n = reader.read(target);
                } while (n == 0);
                return n;
            } catch (IOException | StorageException e) {
                throw failure("loading " + key, e);
            }
        }

        @Override
        public int available() {
            return head.remaining();
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                reader.close();
            }
        }
    }
}
