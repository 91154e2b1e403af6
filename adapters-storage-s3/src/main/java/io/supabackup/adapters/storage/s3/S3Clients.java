package io.supabackup.adapters.storage.s3;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsProfileRegionProvider;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;
import software.amazon.awssdk.regions.providers.AwsRegionProviderChain;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.regions.providers.SystemSettingsRegionProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;

/** Builds the SDK client an {@link S3Config} describes. */
final class S3Clients {
    /** Where the SDK finds no region (typical next to a custom endpoint), S3-compatible stores accept this one. */
    static final Region FALLBACK_REGION = Region.US_EAST_1;
    /** A stalled socket fails the attempt, and the SDK retries it, instead of hanging a backup. */
    private static final Duration SOCKET_TIMEOUT = Duration.ofMinutes(2);
    private static final int MAX_CONNECTIONS = 64;

    private S3Clients() {
    }

    /** A builder with everything {@code config} says already set; callers may add to it before building. */
    static S3ClientBuilder builder(S3Config config) {
        S3ClientBuilder builder = S3Client.builder()
                .region(region(config))
                .credentialsProvider(credentials(config))
                .httpClientBuilder(Apache5HttpClient.builder()
                        .connectionTimeout(config.connectTimeout())
                        .socketTimeout(SOCKET_TIMEOUT)
                        .maxConnections(MAX_CONNECTIONS))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(config.maxAttempts())
                        .build()))
                .forcePathStyle(config.pathStyle())
                // Several S3-compatible stores reject the SDK's newer default checksum trailers; every part and
                // PUT carries a Content-MD5 of our own instead, which every store checks.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                // Over plain http (MinIO on a LAN, a local test server) the SDK would otherwise send bodies in
                // aws-chunked encoding, signing every 128 KiB: some S3-compatible stores refuse it, and decoding
                // it made an in-process server three times slower than the upload itself. A body that is sent
                // whole is signed whole instead; over https the SDK signs no payload either way.
                .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build());
        if (config.endpoint() != null) {
            builder.endpointOverride(config.endpoint());
        } else {
            // A bucket in another region than the configured one is found rather than failing with a redirect.
            builder.crossRegionAccessEnabled(true);
        }
        return builder;
    }

    static S3Client build(S3Config config) {
        return builder(config).build();
    }

    private static Region region(S3Config config) {
        if (config.region() != null) {
            return Region.of(config.region());
        }
        AwsRegionProvider chain;
        if (config.endpoint() != null) {
            // Next to a custom endpoint the region only names a signing scope: never probe EC2's metadata
            // service for it, which off EC2 costs seconds of timeouts.
            chain = new AwsRegionProviderChain(new SystemSettingsRegionProvider(),
                    new AwsProfileRegionProvider(null, config.profile()));
        } else {
            DefaultAwsRegionProviderChain.Builder defaults = DefaultAwsRegionProviderChain.builder();
            if (config.profile() != null) {
                defaults.profileName(config.profile());
            }
            chain = defaults.build();
        }
        try {
            return chain.getRegion();
        } catch (SdkClientException noneFound) {
            return FALLBACK_REGION;
        }
    }

    private static AwsCredentialsProvider credentials(S3Config config) {
        if (config.hasExplicitCredentials()) {
            AwsCredentials credentials = config.sessionToken() == null
                    ? AwsBasicCredentials.create(config.accessKeyId(), config.secretAccessKey())
                    : AwsSessionCredentials.create(config.accessKeyId(), config.secretAccessKey(),
                            config.sessionToken());
            return StaticCredentialsProvider.create(credentials);
        }
        if (config.profile() != null) {
            return ProfileCredentialsProvider.builder().profileName(config.profile()).build();
        }
        return DefaultCredentialsProvider.builder().build();
    }

    /** The endpoint {@code client} sends requests to, for messages. */
    static String endpointDescription(S3Client client) {
        return client.serviceClientConfiguration().endpointOverride()
                .map(URI::toString)
                .orElseGet(() -> "AWS S3 (region " + client.serviceClientConfiguration().region() + ")");
    }
}
