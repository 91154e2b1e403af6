package io.supabackup.cli.command;

import io.supabackup.adapters.crypto.Compression;
import io.supabackup.adapters.crypto.CryptoConfig;
import io.supabackup.cli.CliContext;
import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Encryption and compression of what the repository stores. */
public final class CryptoOptions {
    @Option(names = "--encrypt-to", paramLabel = "FILE",
            description = "Encrypt to the OpenPGP public key(s) in FILE (repeatable). The machine making backups then "
                    + "holds nothing that could read them.")
    List<Path> encryptTo = new ArrayList<>();

    @Option(names = "--passphrase-file", paramLabel = "FILE",
            description = "Encrypt (and decrypt) with the passphrase in FILE's first line; or set SUPABACKUP_PASSPHRASE.")
    Path passphraseFile;

    @Option(names = "--decrypt-key", paramLabel = "FILE",
            description = "The OpenPGP secret key that opens encrypted backups (restore, show).")
    Path decryptKey;

    @Option(names = "--decrypt-key-passphrase-file", paramLabel = "FILE",
            description = "The passphrase protecting --decrypt-key; or set SUPABACKUP_DECRYPT_KEY_PASSPHRASE "
                    + "(default: the --passphrase-file passphrase).")
    Path decryptKeyPassphraseFile;

    @Option(names = "--compression", paramLabel = "CODEC", defaultValue = "zstd",
            description = "none, gzip[:1-9] or zstd[:1-22], applied before encryption (default: ${DEFAULT-VALUE}).")
    String compression;

    CryptoConfig toConfig(CliContext context) {
        char[] passphrase = secret(context, passphraseFile, "SUPABACKUP_PASSPHRASE");
        char[] keyPassphrase = secret(context, decryptKeyPassphraseFile, "SUPABACKUP_DECRYPT_KEY_PASSPHRASE");
        for (Path file : encryptTo) {
            requireFile(context.workingDirectory().resolve(file), "--encrypt-to");
        }
        Path key = decryptKey == null ? null : requireFile(context.workingDirectory().resolve(decryptKey), "--decrypt-key");
        return new CryptoConfig(encryptTo.stream().map(context.workingDirectory()::resolve).toList(), passphrase, key,
                keyPassphrase, Compression.parse(compression));
    }

    private static Path requireFile(Path file, String option) {
        if (!Files.isRegularFile(file)) {
            throw new SupabackupException(FailureKind.USAGE, option + " " + file + " does not exist",
                    "give the path of an OpenPGP key file ('supabackup key generate' makes one)");
        }
        return file;
    }

    /** A secret from a file's first line, else from the environment (or .env); registered for redaction. */
    static char[] secret(CliContext context, Path file, String environmentName) {
        String value = null;
        if (file != null) {
            Path path = context.workingDirectory().resolve(file);
            try {
                List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
                value = lines.isEmpty() ? "" : lines.get(0);
            } catch (IOException e) {
                throw new SupabackupException(FailureKind.USAGE, "cannot read the passphrase file " + path + ": "
                        + e.getClass().getSimpleName(), "check the path and its permissions");
            }
        } else {
            value = context.settings().lookupRaw(environmentName).orElse(null);
        }
        if (value == null) {
            return null;
        }
        context.registerSecret(value);
        return value.toCharArray();
    }
}
