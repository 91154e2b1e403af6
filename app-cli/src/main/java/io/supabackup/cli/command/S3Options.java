package io.supabackup.cli.command;

import io.supabackup.adapters.storage.s3.S3Config;
import io.supabackup.cli.CliContext;
import java.net.URI;
import picocli.CommandLine.Option;

/** Settings of an {@code s3://bucket/prefix} repository; read only when the repository is on S3. */
public final class S3Options {
    @Option(names = "--s3-region", paramLabel = "REGION", description = "S3 region (default: the AWS SDK's, e.g. AWS_REGION).")
    String region;

    @Option(names = "--s3-endpoint", paramLabel = "URL",
            description = "S3-compatible endpoint: R2 https://ACCOUNT.r2.cloudflarestorage.com, MinIO http://HOST:9000, "
                    + "Backblaze https://s3.REGION.backblazeb2.com, Supabase https://REF.supabase.co/storage/v1/s3.")
    String endpoint;

    @Option(names = "--s3-path-style", description = "Address buckets by path (MinIO, Supabase) instead of by host name.")
    boolean pathStyle;

    @Option(names = "--s3-access-key-id", paramLabel = "ID",
            description = "Access key id (default: the AWS SDK's credential chain: environment, profile, web identity, instance role).")
    String accessKeyId;

    @Option(names = "--s3-secret-access-key", paramLabel = "SECRET",
            description = "Secret access key; prefer the environment (SUPABACKUP_S3_SECRET_ACCESS_KEY or AWS_SECRET_ACCESS_KEY).")
    String secretAccessKey;

    @Option(names = "--s3-session-token", paramLabel = "TOKEN", description = "Session token for temporary credentials.")
    String sessionToken;

    @Option(names = "--s3-profile", paramLabel = "NAME", description = "A named profile of ~/.aws/config.")
    String profile;

    @Option(names = "--s3-part-size", paramLabel = "MiB", defaultValue = "16",
            description = "Multipart upload part size in MiB, 5 to 1024 (default: ${DEFAULT-VALUE}).")
    long partSizeMiB;

    @Option(names = "--s3-upload-concurrency", paramLabel = "N", defaultValue = "4",
            description = "Parts of one multipart upload sent at once, 1 to 16 (default: ${DEFAULT-VALUE}); "
                    + "the part buffers of all uploads share about (N + 1) x the part size of memory.")
    int uploadConcurrency;

    @Option(names = "--s3-sse", paramLabel = "ALGORITHM", description = "Server-side encryption: AES256 or aws:kms.")
    String sse;

    @Option(names = "--s3-kms-key-id", paramLabel = "KEY", description = "KMS key for --s3-sse aws:kms.")
    String kmsKeyId;

    @Option(names = "--s3-storage-class", paramLabel = "CLASS", description = "Storage class of new objects, e.g. STANDARD_IA.")
    String storageClass;

    @Option(names = "--s3-object-lock-mode", paramLabel = "MODE",
            description = "Object Lock retention for every object written: GOVERNANCE or COMPLIANCE (needs --s3-object-lock-days).")
    String objectLockMode;

    @Option(names = "--s3-object-lock-days", paramLabel = "DAYS", defaultValue = "0",
            description = "Days a written object cannot be changed or deleted.")
    int objectLockDays;

    /** The adapter's settings; secrets given on the command line are registered for redaction and warned about. */
    S3Config toConfig(CliContext context, boolean secretFromCommandLine) {
        context.registerSecret(secretAccessKey);
        context.registerSecret(sessionToken);
        if (secretFromCommandLine) {
            context.err().println("warning: a secret given on the command line is visible to other users of this "
                    + "machine; set SUPABACKUP_S3_SECRET_ACCESS_KEY or AWS_SECRET_ACCESS_KEY instead");
        }
        return S3Config.builder()
                .region(region)
                .endpoint(endpoint == null || endpoint.isBlank() ? null : URI.create(endpoint))
                .pathStyle(pathStyle)
                .credentials(accessKeyId, secretAccessKey, sessionToken)
                .profile(profile)
                .partSize(partSizeMiB * S3Config.MIB)
                .uploadConcurrency(uploadConcurrency)
                .serverSideEncryption(sse, kmsKeyId)
                .storageClass(storageClass)
                .objectLock(objectLockMode, objectLockDays)
                .build();
    }
}
