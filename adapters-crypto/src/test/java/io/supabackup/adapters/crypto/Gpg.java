package io.supabackup.adapters.crypto;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The real gpg in a throwaway home directory, driven in batch mode with loopback pinentry. */
final class Gpg {
    static final Path BINARY = Path.of("/usr/bin/gpg");

    private final Path home;

    Gpg(Path directory) throws IOException {
        this.home = Files.createDirectories(directory.resolve("gnupg"));
        Files.setPosixFilePermissions(home, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    }

    static boolean available() {
        return Files.isExecutable(BINARY);
    }

    record Result(int exitCode, byte[] stdout, String stderr) {
        String out() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

        Result ok() {
            if (exitCode != 0) {
                throw new AssertionError("gpg failed (" + exitCode + "): " + stderr);
            }
            return this;
        }
    }

    /** Runs gpg with {@code stdin} fed from the given bytes (a passphrase line, data, or nothing). */
    Result run(byte[] stdin, String... args) {
        List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--homedir", home.toString(), "--batch",
                "--no-tty", "--quiet", "--pinentry-mode", "loopback", "--keyid-format", "0xlong"));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).start();
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
            try (OutputStream in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin);
                }
            }
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("gpg hung: " + command);
            }
            return new Result(process.exitValue(), out.join(), new String(err.join(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    Result run(String... args) {
        return run(null, args);
    }

    /** Generates a gpg key (primary + encryption subkey) protected by {@code passphrase}; returns its user id. */
    String generateKey(String userId, String algorithm, String passphrase) {
        run(passphrase.getBytes(StandardCharsets.UTF_8), "--passphrase-fd", "0",
                "--quick-generate-key", userId, algorithm, "default", "never").ok();
        return userId;
    }

    /** An RSA-2048 certify key with an RSA-2048 encryption subkey, the classic gpg 2.2 layout. */
    String generateRsaKey(String userId, String passphrase) {
        byte[] secret = passphrase.getBytes(StandardCharsets.UTF_8);
        run(secret, "--passphrase-fd", "0", "--quick-generate-key", userId, "rsa2048", "cert", "never").ok();
        run(secret, "--passphrase-fd", "0", "--quick-add-key", fingerprint(userId), "rsa2048", "encr", "never").ok();
        return userId;
    }

    String fingerprint(String userId) {
        for (String line : run("--with-colons", "--list-keys", userId).ok().out().split("\n")) {
            if (line.startsWith("fpr:")) {
                return line.split(":")[9];
            }
        }
        throw new AssertionError("no fingerprint for " + userId);
    }

    /** Long ids of the key's encryption-capable subkeys, as {@code 0x...}. */
    List<String> encryptionSubkeyIds(String userId) {
        List<String> ids = new ArrayList<>();
        for (String line : run("--with-colons", "--list-keys", userId).ok().out().split("\n")) {
            String[] fields = line.split(":");
            if (fields[0].equals("sub") && fields[11].contains("e")) {
                ids.add("0x" + fields[4]);
            }
        }
        return ids;
    }

    void exportPublic(String userId, Path file) throws IOException {
        Files.write(file, run("--armor", "--export", userId).ok().stdout);
    }

    void exportSecret(String userId, String passphrase, Path file) throws IOException {
        Files.write(file, run(passphrase.getBytes(StandardCharsets.UTF_8), "--passphrase-fd", "0",
                "--armor", "--export-secret-keys", userId).ok().stdout);
    }

    void importKey(Path file) {
        run("--import", file.toString()).ok();
    }

    void importSecretKey(Path file, String passphrase) {
        run(passphrase.getBytes(StandardCharsets.UTF_8), "--passphrase-fd", "0", "--import", file.toString()).ok();
    }

    /** Decrypts {@code file} with the passphrase (of the secret key or of the message). */
    Result decrypt(Path file, String passphrase) {
        return run(passphrase.getBytes(StandardCharsets.UTF_8), "--passphrase-fd", "0", "--no-symkey-cache",
                "--decrypt", file.toString());
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            in.transferTo(bytes);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
