package io.supabackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.supabackup.domain.model.DatabaseEndpoint;
import io.supabackup.testkit.PostgresServer;
import io.supabackup.testkit.db.DatabaseSnapshot;
import io.supabackup.testkit.db.SupabaseFixture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Encrypted, compressed backups through the CLI: made with a public key or a passphrase, listed without
 * a key, restored only with one, and opened by hand with the real gpg and zstd.
 */
class EncryptionTest {
    private static final PostgresServer SERVER = PostgresServer.shared();
    private static DatabaseEndpoint source;
    private static List<String> schemas;

    @TempDir
    Path work;

    @BeforeAll
    static void loadSource() {
        source = SupabaseFixture.newLoadedProject(SERVER);
        schemas = new ArrayList<>(SupabaseFixture.USER_SCHEMAS);
        schemas.addAll(SupabaseFixture.PLATFORM_DATA_SCHEMAS);
    }


    private CliRunner cliWithKeys() throws IOException {
        Files.writeString(work.resolve("key-pass.txt"), "correct horse battery staple\n");
        CliRunner cli = new CliRunner(work);
        CliRunner.Result generated = cli.run("key", "generate", "--out", "keys", "--passphrase-file", "key-pass.txt");
        assertThat(generated.exitCode()).as(generated.toString()).isZero();
        assertThat(generated.out()).contains("OFFLINE").doesNotContain("correct horse");
        return cli;
    }

    private Path stored(String suffix) throws IOException {
        try (Stream<Path> files = Files.walk(work.resolve("repo"))) {
            return files.filter(p -> p.toString().endsWith(suffix)).findFirst().orElseThrow();
        }
    }

    @Test
    void aPublicKeyBackupListsWithoutTheKeyAndRestoresOnlyWithIt() throws Exception {
        CliRunner cli = cliWithKeys();
        CliRunner.Result backup = cli.run("backup", "--db-url", CliRunner.url(source), "--repo", "repo",
                "--encrypt-to", "keys/supabackup-public.asc");
        assertThat(backup.exitCode()).as(backup.toString()).isZero();
        assertThat(new String(Files.readAllBytes(stored("db/data.sql.zst.gpg")), StandardCharsets.ISO_8859_1))
                .doesNotContain("alice@example.com");

        CliRunner.Result list = cli.run("list", "--repo", "repo");
        assertThat(list.out()).contains("complete").contains("encrypted to key 0x");
        String keyId = list.out().replaceAll("(?s).*encrypted to key (0x[0-9A-F]+).*", "$1");

        DatabaseEndpoint target = SupabaseFixture.newProject(SERVER);
        CliRunner.Result noKey = cli.run("restore", "--repo", "repo", "--target-db-url", CliRunner.url(target), "--yes");
        assertThat(noKey.exitCode()).as(noKey.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(noKey.err()).contains(keyId).contains("--decrypt-key");

        Files.writeString(work.resolve("wrong.txt"), "not the passphrase\n");
        CliRunner.Result wrong = cli.run("restore", "--repo", "repo", "--target-db-url", CliRunner.url(target), "--yes",
                "--decrypt-key", "keys/supabackup-secret.asc", "--decrypt-key-passphrase-file", "wrong.txt");
        assertThat(wrong.exitCode()).as(wrong.toString()).isEqualTo(ExitCodes.WRONG_KEY);

        CliRunner.Result restore = cli.run("restore", "--repo", "repo", "--target-db-url", CliRunner.url(target), "--yes",
                "--decrypt-key", "keys/supabackup-secret.asc", "--decrypt-key-passphrase-file", "key-pass.txt");
        assertThat(restore.exitCode()).as(restore.toString()).isZero();
        assertThat(DatabaseSnapshot.capture(target, schemas).differencesFrom(DatabaseSnapshot.capture(source, schemas)))
                .isEmpty();

        CliRunner.Result show = cli.run("show", "--repo", "repo", "--decrypt-key", "keys/supabackup-secret.asc",
                "--decrypt-key-passphrase-file", "key-pass.txt");
        assertThat(show.out()).contains("db/data.sql").contains("zstd+openpgp");
    }

    @Test
    void aPassphraseBackupRoundTripsAndAFlippedByteIsCaught() throws Exception {
        CliRunner cli = new CliRunner(work).env("SUPABACKUP_PASSPHRASE", "a long and secret passphrase");
        CliRunner.Result backup = cli.run("backup", "--db-url", CliRunner.url(source), "--repo", "repo", "--compression", "gzip:6");
        assertThat(backup.exitCode()).as(backup.toString()).isZero();
        assertThat(stored("db/data.sql.gz.gpg")).exists();

        DatabaseEndpoint target = SupabaseFixture.newProject(SERVER);
        CliRunner.Result restore = cli.run("restore", "--repo", "repo", "--target-db-url", CliRunner.url(target), "--yes");
        assertThat(restore.exitCode()).as(restore.toString()).isZero();
        assertThat(DatabaseSnapshot.capture(target, schemas).differencesFrom(DatabaseSnapshot.capture(source, schemas)))
                .isEmpty();

        Path data = stored("db/data.sql.gz.gpg");
        byte[] bytes = Files.readAllBytes(data);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(data, bytes);
        DatabaseEndpoint other = SupabaseFixture.newProject(SERVER);
        CliRunner.Result damaged = cli.run("restore", "--repo", "repo", "--target-db-url", CliRunner.url(other), "--yes");
        assertThat(damaged.exitCode()).as(damaged.toString()).isEqualTo(ExitCodes.PARTIAL);
        assertThat(damaged.err()).contains("db/data.sql.gz.gpg");
        assertThat(damaged.out() + damaged.err()).doesNotContain("a long and secret passphrase");
    }

    @Test
    void aBackupOpensByHandWithGpgAndZstd() throws Exception {
        CliRunner cli = cliWithKeys();
        assertThat(cli.run("backup", "--db-url", CliRunner.url(source), "--repo", "repo", "--encrypt-to",
                "keys/supabackup-public.asc").exitCode()).isZero();
        Path home = Files.createDirectories(work.resolve("gnupg"));
        Files.setPosixFilePermissions(home, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        run(home, "gpg", "--batch", "--import", work.resolve("keys/supabackup-secret.asc").toString());
        Path sql = work.resolve("data.sql");
        run(home, "sh", "-c", "gpg --batch --quiet --pinentry-mode loopback --passphrase-file '" + work.resolve("key-pass.txt")
                + "' --decrypt '" + stored("db/data.sql.zst.gpg") + "' | zstd -d -q -o '" + sql + "'");
        assertThat(Files.readString(sql)).startsWith("SET session_replication_role = replica;")
                .contains("COPY \"auth\".\"users\"");
    }

    private static void run(Path gnupgHome, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("GNUPGHOME", gnupgHome.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
    }
}
