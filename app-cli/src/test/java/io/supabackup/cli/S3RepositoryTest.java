package io.supabackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.supabackup.domain.model.DatabaseEndpoint;
import io.supabackup.testkit.PostgresServer;
import io.supabackup.testkit.db.DatabaseSnapshot;
import io.supabackup.testkit.s3.InProcessS3;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * A repository on S3, end to end through the CLI against a real S3 API in-process: a database dump of
 * more than 200 MB streams through multipart upload and back.
 */
class S3RepositoryTest {
    private static final long PART_SIZE = 16L << 20;

    @TempDir
    Path work;

    private CliRunner cli() {
        return new CliRunner(work)
                .env("SUPABACKUP_S3_ENDPOINT", InProcessS3.endpoint().toString())
                .env("SUPABACKUP_S3_PATH_STYLE", "true")
                .env("SUPABACKUP_S3_REGION", InProcessS3.REGION)
                .env("SUPABACKUP_S3_ACCESS_KEY_ID", InProcessS3.ACCESS_KEY_ID)
                .env("SUPABACKUP_S3_SECRET_ACCESS_KEY", InProcessS3.SECRET_ACCESS_KEY);
    }


    @Test
    void aLargeDumpStreamsThroughMultipartAndRestoresFromS3() {
        PostgresServer server = PostgresServer.shared();
        DatabaseEndpoint source = server.createDatabase("s3_source");
        // about 230 MB of COPY text: wide, text-heavy rows
        PostgresServer.execute(source, """
                CREATE TABLE events (id bigint PRIMARY KEY, payload text NOT NULL, at timestamptz NOT NULL);
                INSERT INTO events SELECT g, repeat(md5(g::text), 6), timestamptz '2026-01-01' + g * interval '1 s'
                  FROM generate_series(1, 1000000) g;
                """);
        CliRunner cli = cli();
        CliRunner.Result backup = cli.run("backup", "--full", "--db-url", CliRunner.url(source), "--repo", "s3://backups/big",
                "--json");
        assertThat(backup.exitCode()).as(backup.toString()).isZero();

        // --full stores one custom-format archive, compressed by pg_dump; the plain data dump, left
        // uncompressed here, is the big one
        CliRunner.Result plain = cli.run("backup", "--db-url", CliRunner.url(source), "--repo", "s3://backups/big", "--json",
                "--compression", "none");
        assertThat(plain.exitCode()).as(plain.toString()).isZero();
        String id = plain.out().replaceAll("(?s).*\"id\" : \"([^\"]+)\".*", "$1");

        try (S3Client s3 = S3Client.builder().endpointOverride(InProcessS3.endpoint()).forcePathStyle(true)
                .region(Region.of(InProcessS3.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        InProcessS3.ACCESS_KEY_ID, InProcessS3.SECRET_ACCESS_KEY))).build()) {
            HeadObjectResponse data = s3.headObject(b -> b.bucket("backups").key("big/backups/" + id + "/db/data.sql"));
            assertThat(data.contentLength()).isGreaterThan(200L << 20);
            long parts = (data.contentLength() + PART_SIZE - 1) / PART_SIZE;
            assertThat(data.eTag()).as("a multipart object's ETag ends in its part count").endsWith("-" + parts + "\"");
        }

        DatabaseEndpoint target = server.createDatabase("s3_target");
        CliRunner.Result restore = cli.run("restore", id, "--repo", "s3://backups/big", "--target-db-url", CliRunner.url(target),
                "--yes");
        assertThat(restore.exitCode()).as(restore.toString()).isZero();
        assertThat(DatabaseSnapshot.capture(target, List.of("public")).differencesFrom(
                DatabaseSnapshot.capture(source, List.of("public")))).isEmpty();
        server.dropDatabase(source);
        server.dropDatabase(target);
    }

    @Test
    void aMissingBucketIsNotFoundWithOneClearLine() {
        CliRunner.Result result = cli().run("list", "--repo", "s3://no-such-bucket/x");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(result.err()).contains("no-such-bucket").doesNotContain("Exception");
    }

    @Test
    void aSecretOnTheCommandLineWorksButIsWarnedAboutAndNeverShown() {
        CliRunner.Result result = new CliRunner(work).run("list", "--repo", "s3://backups/empty-" + System.nanoTime(),
                "--s3-endpoint", InProcessS3.endpoint().toString(), "--s3-path-style", "--s3-region", InProcessS3.REGION,
                "--s3-access-key-id", InProcessS3.ACCESS_KEY_ID, "--s3-secret-access-key", InProcessS3.SECRET_ACCESS_KEY);
        assertThat(result.err()).contains("visible to other users").doesNotContain(InProcessS3.SECRET_ACCESS_KEY);
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(result.err()).contains("no supabackup repository at s3://backups/empty-");
    }

    @Test
    void anUnknownSchemeNamesTheKnownOnesIncludingS3() {
        assertThat(cli().run("list", "--repo", "ftp://x/y").err()).contains("s3").contains("file");
    }

    static URI endpoint() {
        return InProcessS3.endpoint();
    }
}
