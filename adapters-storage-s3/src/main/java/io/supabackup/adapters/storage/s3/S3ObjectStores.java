package io.supabackup.adapters.storage.s3;

import io.supabackup.domain.port.out.ObjectStore;
import software.amazon.awssdk.services.s3.S3Client;

/** Opens S3 stores without going through the wiring (tests, tools, a caller owning its own client). */
public final class S3ObjectStores {
    private S3ObjectStores() {
    }

    /**
     * The store of {@code bucket} under {@code prefix} ({@code ""} for the bucket's root), using an already
     * built client; {@code config} supplies the upload options (part size, encryption, storage class, Object
     * Lock) and the credentials' description for messages. The caller keeps owning and closes the client.
     * Each store opened here has its own budget of part buffers (see {@link S3Config#uploadConcurrency()}).
     */
    public static ObjectStore open(S3Client client, String bucket, String prefix, S3Config config) {
        return new S3ObjectStore(client, bucket, prefix, config);
    }

    /** A client built from {@code config} the way the wiring builds it; the caller closes it. */
    public static S3Client client(S3Config config) {
        return S3Clients.build(config);
    }
}
