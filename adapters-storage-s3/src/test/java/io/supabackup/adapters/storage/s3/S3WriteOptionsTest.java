package io.supabackup.adapters.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.supabackup.domain.port.out.ObjectStore;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.StorageClass;

/** Encryption, storage class and Object Lock apply to every object written, single PUT and multipart alike. */
class S3WriteOptionsTest {
    private static final int PART = (int) S3Config.MIN_PART_SIZE;
    private static final RecordingInterceptor RECORDER = new RecordingInterceptor();
    private static final S3Config LOCKED = S3MockServer.config().serverSideEncryption("AES256", null)
            .storageClass("STANDARD_IA").objectLock("GOVERNANCE", 30).build();
    private static S3Client client;

    private String bucket;

    @BeforeAll
    static void startClient() {
        client = S3MockServer.client(LOCKED, RECORDER);
    }

    @AfterAll
    static void closeClient() {
        client.close();
    }

    @BeforeEach
    void clear() {
        RECORDER.clear();
        bucket = S3MockServer.createLockedBucket("locked");
    }

    @Test
    void everyObjectWrittenCarriesEncryptionStorageClassAndRetention() throws Exception {
        ObjectStore store = S3ObjectStores.open(client, bucket, "repo", LOCKED);
        Instant before = Instant.now();

        store.save("small", new ByteArrayInputStream(new byte[] {1, 2, 3}));
        store.save("multipart", new ByteArrayInputStream(S3MultipartUploadTest.randomBytes(PART + 10)));

        HeadObjectResponse small = S3MockServer.admin().headObject(b -> b.bucket(bucket).key("repo/small"));
        assertThat(small.serverSideEncryption()).isEqualTo(ServerSideEncryption.AES256);
        assertThat(small.storageClass()).isEqualTo(StorageClass.STANDARD_IA);
        // S3Mock keeps Object Lock retention only when set by PutObjectRetention, and of a multipart upload only
        // the storage class: the request headers below show that every write asks for all of them.
        assertThat(S3MockServer.admin().headObject(b -> b.bucket(bucket).key("repo/multipart")).storageClass())
                .isEqualTo(StorageClass.STANDARD_IA);
        List<Map<String, List<String>>> writes = RECORDER.headersOfAttempts("PUT", "partNumber", false);
        List<Map<String, List<String>>> creates = RECORDER.headersOfAttempts("POST", "uploads", true);
        assertThat(writes).hasSize(1);
        assertThat(creates).hasSize(1);
        for (Map<String, List<String>> headers : List.of(writes.get(0), creates.get(0))) {
            assertThat(headers).containsEntry("x-amz-server-side-encryption", List.of("AES256"))
                    .containsEntry("x-amz-storage-class", List.of("STANDARD_IA"))
                    .containsEntry("x-amz-object-lock-mode", List.of("GOVERNANCE"))
                    .hasEntrySatisfying("x-amz-object-lock-retain-until-date", date -> assertThat(
                            Instant.parse(date.get(0))).isBetween(before.plus(Duration.ofDays(30)).minusSeconds(1),
                                    Instant.now().plus(Duration.ofDays(30)).plusSeconds(1)));
        }
        // Object Lock needs a Content-MD5 (or checksum) on every write; it also guards the bytes in transit.
        assertThat(writes.get(0)).containsKey("Content-MD5");
        assertThat(RECORDER.headersOfAttempts("PUT", "partNumber", true))
                .allSatisfy(h -> assertThat(h).containsKey("Content-MD5"));
    }

    @Test
    void bodiesGoOutWholeAndSignedNotInAwsChunkedEncodingEvenOverPlainHttp() throws Exception {
        ObjectStore store = S3ObjectStores.open(client, bucket, "repo", LOCKED);

        store.save("small", new ByteArrayInputStream(new byte[] {1, 2, 3}));
        store.save("multipart", new ByteArrayInputStream(S3MultipartUploadTest.randomBytes(PART + 10)));

        List<Map<String, List<String>>> bodies = new java.util.ArrayList<>(RECORDER.headersOfAttempts("PUT", "partNumber", false));
        bodies.addAll(RECORDER.headersOfAttempts("PUT", "partNumber", true));
        assertThat(bodies).hasSize(3).allSatisfy(h -> {
            assertThat(h.getOrDefault("Content-Encoding", List.of())).doesNotContain("aws-chunked");
            assertThat(h.get("x-amz-content-sha256")).singleElement().asString().matches("[0-9a-f]{64}");
        });
    }

    @Test
    void kmsEncryptionNamesTheKey() throws Exception {
        S3Config kms = S3MockServer.config().serverSideEncryption("aws:kms", S3MockServer.KMS_KEY_ID).build();
        try (S3Client kmsClient = S3MockServer.client(kms, RECORDER)) {
            ObjectStore store = S3ObjectStores.open(kmsClient, bucket, "", kms);

            store.save("secret", new ByteArrayInputStream(new byte[] {4, 5, 6}));
        }

        assertThat(RECORDER.headersOfAttempts("PUT", "partNumber", false)).singleElement().satisfies(h ->
                assertThat(h).containsEntry("x-amz-server-side-encryption", List.of("aws:kms"))
                        .containsEntry("x-amz-server-side-encryption-aws-kms-key-id", List.of(S3MockServer.KMS_KEY_ID)));
        HeadObjectResponse head = S3MockServer.admin().headObject(b -> b.bucket(bucket).key("secret"));
        assertThat(head.serverSideEncryption()).isEqualTo(ServerSideEncryption.AWS_KMS);
        assertThat(head.ssekmsKeyId()).isEqualTo(S3MockServer.KMS_KEY_ID);
    }

    @Test
    void withoutOptionsNoneOfTheirHeadersIsSent() throws Exception {
        S3Config plain = S3MockServer.config().build();
        try (S3Client plainClient = S3MockServer.client(plain, RECORDER)) {
            S3ObjectStores.open(plainClient, bucket, "", plain).save("plain", new ByteArrayInputStream(new byte[1]));
        }

        assertThat(RECORDER.headersOfAttempts("PUT", "partNumber", false)).singleElement().satisfies(h ->
                assertThat(h.keySet()).noneMatch(name -> name.startsWith("x-amz-server-side-encryption")
                        || name.startsWith("x-amz-object-lock") || name.equals("x-amz-storage-class")));
    }
}
