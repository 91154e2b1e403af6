package io.supabackup.adapters.storage.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageClass;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

/**
 * The contract against Google's in-memory GCS. Its fake knows no buckets (every name behaves as an
 * existing, empty bucket), so a missing store cannot be modelled and that case stays skipped here; the
 * fake-gcs-server and error-mapping tests cover it.
 */
class GcsObjectStoreTest extends GcsObjectStoreContractBase {
    private static final String BUCKET = "supabackup-test";
    private static final int MIB = 1 << 20;

    private Storage storage;

    @Override
    protected Storage storage() {
        if (storage == null) {
            // A fresh fake per test, and one that accepts request options (getOptions()'s shared fake
            // throws on any, such as disabling gzip for uploads).
            storage = LocalStorageHelper.customOptions(false).getService();
        }
        return storage;
    }

    @Override
    protected String bucket() {
        return BUCKET;
    }

    @Override
    protected GcsConfig config() {
        // Two chunks of 256 KiB is the least a resumable upload is made of; 2 MiB sends the contract's larger
        // objects through it, while the contract's failing stream (1 MiB) breaks before a session opens.
        return GcsConfig.defaults().withChunkSize(2 * MIB);
    }

    @Override
    protected boolean hidesUnfinishedUploads() {
        return false;
    }

    /** The fake keeps every object in the heap, several copies of it while it is uploaded. */
    @Override
    protected long largeObjectSize() {
        return 64L * MIB;
    }

    @Test
    void newObjectsCarryTheConfiguredStorageClassRetentionAndHold() throws Exception {
        GcsConfig protectedConfig = config().withStorageClass("coldline")
                .withRetention(Duration.ofDays(30), GcsConfig.RetentionMode.LOCKED)
                .withHold(GcsConfig.Hold.TEMPORARY);
        OffsetDateTime before = OffsetDateTime.now().plusDays(30);

        GcsObjectStores.open(storage(), BUCKET, PREFIX, protectedConfig)
                .save("protected", new ByteArrayInputStream(bytes("keep me")));

        OffsetDateTime after = OffsetDateTime.now().plusDays(30);
        Blob blob = storage().get(BlobId.of(BUCKET, PREFIX + "/protected"));
        assertThat(blob.getStorageClass()).isEqualTo(StorageClass.COLDLINE);
        assertThat(blob.getTemporaryHold()).isTrue();
        assertThat(blob.getEventBasedHold()).isNotEqualTo(Boolean.TRUE);
        assertThat(blob.getRetention().getMode()).isEqualTo(BlobInfo.Retention.Mode.LOCKED);
        assertThat(blob.getRetention().getRetainUntilTime()).isBetween(before.minusSeconds(1), after.plusSeconds(1));
    }

    @Test
    void eventBasedHoldIsPlacedWhenAsked() throws Exception {
        GcsObjectStores.open(storage(), BUCKET, PREFIX, config().withHold(GcsConfig.Hold.EVENT_BASED))
                .save("held", new ByteArrayInputStream(bytes("x")));

        Blob blob = storage().get(BlobId.of(BUCKET, PREFIX + "/held"));
        assertThat(blob.getEventBasedHold()).isTrue();
        assertThat(blob.getRetention()).isNull();
    }
}
