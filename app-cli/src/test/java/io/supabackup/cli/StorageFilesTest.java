package io.supabackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.supabackup.testkit.supabase.Bucket;
import io.supabackup.testkit.supabase.BucketSpec;
import io.supabackup.testkit.supabase.FakeSupabase;
import io.supabackup.testkit.supabase.StoredObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Storage files through the Storage API, end to end through the CLI against the fake project: every
 * bucket setting and every file with its metadata comes back; an unchanged file is not downloaded
 * twice; transient faults are ridden out and a permanent one commits nothing.
 */
class StorageFilesTest {
    @TempDir
    Path work;

    private static CliRunner cli(Path work, FakeSupabase project) {
        return new CliRunner(work).env("SUPABASE_URL", project.url())
                .env("SUPABASE_SERVICE_ROLE_KEY", project.serviceRoleKey());
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static void seed(FakeSupabase project) {
        project.storage().createBucket(BucketSpec.named("avatars").isPublic(true).fileSizeLimit(60L << 20)
                .allowedMimeTypes("image/png", "application/octet-stream"));
        project.storage().createBucket(BucketSpec.named("documents").isPublic(false));
        project.storage().putObject("avatars", "users/2024/me.png", random(30_000, 1), "image/png", "max-age=3600",
                "{\"owner\":\"alice\",\"tags\":[\"a\",\"b\"]}");
        project.storage().putObject("avatars", "big/video.bin", random(50 << 20, 2), "application/octet-stream",
                "no-cache", null);
        project.storage().putObject("documents", "empty.txt", new byte[0], "text/plain", "no-cache", null);
        project.storage().putObject("documents", "a folder/naïve café 100% ünïcode.txt",
                "bonjour".getBytes(StandardCharsets.UTF_8), "text/plain", "max-age=60", "{\"lang\":\"fr\"}");
        project.storage().putObject("documents", "deep/er/and/deeper/notes.md", "# notes".getBytes(StandardCharsets.UTF_8),
                "text/markdown", "max-age=10", null);
    }

    @Test
    void bucketsAndFilesRoundTripWithAllTheirMetadata() throws Exception {
        try (FakeSupabase source = FakeSupabase.start(); FakeSupabase target = FakeSupabase.start()) {
            seed(source);
            CliRunner.Result backup = cli(work, source).run("backup", "--only", "storage", "--repo", "repo");
            assertThat(backup.exitCode()).as(backup.toString()).isZero();

            CliRunner.Result restore = cli(work, target).run("restore", "--only", "storage", "--repo", "repo", "--yes");
            assertThat(restore.exitCode()).as(restore.toString()).isZero();

            assertThat(target.storage().buckets()).usingRecursiveFieldByFieldElementComparatorIgnoringFields(
                    "createdAt", "updatedAt", "owner").containsExactlyInAnyOrderElementsOf(source.storage().buckets());
            for (Bucket bucket : source.storage().buckets()) {
                assertThat(target.storage().objects(bucket.id())).hasSameSizeAs(source.storage().objects(bucket.id()));
                for (StoredObject original : source.storage().objects(bucket.id())) {
                    StoredObject copy = target.storage().object(bucket.id(), original.name());
                    assertThat(copy.bytes()).as(original.name()).isEqualTo(original.bytes());
                    assertThat(copy.contentType()).as(original.name()).isEqualTo(original.contentType());
                    assertThat(copy.cacheControl()).as(original.name()).isEqualTo(original.cacheControl());
                    assertThat(copy.userMetadata()).as(original.name()).isEqualTo(original.userMetadata());
                }
            }
        }
    }

    @Test
    void aSecondBackupDownloadsOnlyTheFileThatChanged() {
        try (FakeSupabase source = FakeSupabase.start()) {
            source.storage().createBucket("many");
            for (int i = 0; i < 1000; i++) {
                source.storage().putObject("many", "f/" + i + ".txt", ("file " + i).getBytes(StandardCharsets.UTF_8),
                        "text/plain", "no-cache", null);
            }
            CliRunner cli = cli(work, source);
            assertThat(cli.run("backup", "--only", "storage", "--repo", "repo").exitCode()).isZero();
            int before = source.requestCount("GET", "/storage/v1/object/authenticated");
            assertThat(before).isEqualTo(1000);

            source.storage().putObject("many", "f/500.txt", "changed".getBytes(StandardCharsets.UTF_8), "text/plain",
                    "no-cache", null);
            CliRunner.Result second = cli.run("backup", "--only", "storage", "--repo", "repo");
            assertThat(second.exitCode()).as(second.toString()).isZero();
            assertThat(source.requestCount("GET", "/storage/v1/object/authenticated") - before).isEqualTo(1);
        }
    }

    @Test
    void transientFaultsAreRiddenOutAndAPermanentOneCommitsNothing() {
        try (FakeSupabase source = FakeSupabase.start(); FakeSupabase target = FakeSupabase.start()) {
            source.storage().createBucket("docs");
            for (int i = 0; i < 100; i++) {
                source.storage().putObject("docs", "d/" + i, random(2_000 + i, i), "application/octet-stream",
                        "no-cache", null);
            }
            source.faults().failRandomly(0.2, 7);
            CliRunner cli = cli(work, source);
            CliRunner.Result backup = cli.run("backup", "--only", "storage", "--repo", "repo");
            assertThat(backup.exitCode()).as(backup.toString()).isZero();
            source.faults().clear();

            CliRunner.Result restore = cli(work, target).run("restore", "--only", "storage", "--repo", "repo", "--yes");
            assertThat(restore.exitCode()).as(restore.toString()).isZero();
            for (StoredObject original : source.storage().objects("docs")) {
                assertThat(target.storage().object("docs", original.name()).bytes()).isEqualTo(original.bytes());
            }

            source.faults().forPath("/storage/v1/object/authenticated").failAlways(500);
            source.storage().putObject("docs", "d/new", random(10, 99), "application/octet-stream", "no-cache", null);
            CliRunner.Result broken = cli.run("backup", "--only", "storage", "--repo", "repo", "--json");
            assertThat(broken.exitCode()).as(broken.toString()).isNotZero();
            assertThat(broken.err()).contains("500");
            CliRunner.Result list = new CliRunner(work).run("list", "--repo", "repo", "--json");
            assertThat(list.out().split("\"complete\" : true", -1)).hasSize(2);
        }
    }

    @Test
    void restoreLeavesIdenticalFilesAloneAndReplacesDifferentOnesOnlyWhenAsked() {
        try (FakeSupabase source = FakeSupabase.start(); FakeSupabase target = FakeSupabase.start()) {
            source.storage().createBucket("b");
            source.storage().putObject("b", "same", "same".getBytes(StandardCharsets.UTF_8), "text/plain", "no-cache", null);
            source.storage().putObject("b", "changed", "original".getBytes(StandardCharsets.UTF_8), "text/plain",
                    "no-cache", null);
            assertThat(cli(work, source).run("backup", "--only", "storage", "--repo", "repo").exitCode()).isZero();

            target.storage().createBucket("b");
            target.storage().putObject("b", "same", "same".getBytes(StandardCharsets.UTF_8), "text/plain", "no-cache", null);
            target.storage().putObject("b", "changed", "edited since".getBytes(StandardCharsets.UTF_8), "text/plain",
                    "no-cache", null);
            CliRunner.Result keep = cli(work, target).run("restore", "--only", "storage", "--repo", "repo", "--yes");
            assertThat(keep.exitCode()).as(keep.toString()).isZero();
            assertThat(keep.out()).contains("1 already identical").contains("1 different and kept");
            assertThat(new String(target.storage().object("b", "changed").bytes(), StandardCharsets.UTF_8))
                    .isEqualTo("edited since");

            CliRunner.Result replace = cli(work, target).run("restore", "--only", "storage", "--repo", "repo", "--yes",
                    "--overwrite");
            assertThat(replace.exitCode()).as(replace.toString()).isZero();
            assertThat(new String(target.storage().object("b", "changed").bytes(), StandardCharsets.UTF_8))
                    .isEqualTo("original");
        }
    }

    @Test
    void namesThatLookLikePathsNeverTouchAPathOutsideTheRepository() throws Exception {
        try (FakeSupabase source = FakeSupabase.start(); FakeSupabase target = FakeSupabase.start()) {
            source.storage().createBucket("tricky");
            for (String name : java.util.List.of("../../escaped.txt", "a/../../../up.txt", "back\\slash\\name.txt",
                    "%2e%2e/encoded.txt")) {
                source.storage().putObject("tricky", name, name.getBytes(StandardCharsets.UTF_8), "text/plain",
                        "no-cache", null);
            }
            Path repo = work.resolve("deep/inside/repo");
            CliRunner.Result backup = cli(work, source).run("backup", "--only", "storage", "--repo", repo.toString());
            assertThat(backup.exitCode()).as(backup.toString()).isZero();
            CliRunner.Result restore = cli(work, target).run("restore", "--only", "storage", "--repo", repo.toString(),
                    "--yes");
            assertThat(restore.exitCode()).as(restore.toString()).isZero();
            for (StoredObject original : source.storage().objects("tricky")) {
                assertThat(target.storage().object("tricky", original.name()).bytes()).isEqualTo(original.bytes());
            }
            try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(work)) {
                assertThat(files.filter(java.nio.file.Files::isRegularFile))
                        .allMatch(p -> p.startsWith(repo), "every file written stays inside the repository");
            }
        }
    }
}
