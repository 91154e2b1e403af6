package io.supabackup.cli.command;

import io.supabackup.adapters.crypto.KeyGenerator;
import io.supabackup.cli.CliContext;
import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code supabackup key}: OpenPGP keys for encrypted backups. */
@Command(name = "key", description = "Manage the OpenPGP keys that encrypt backups.",
        subcommands = KeyCommand.Generate.class)
final class KeyCommand implements Runnable {
    @ParentCommand
    SupabackupCommand root;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: generate");
    }

    /** {@code supabackup key generate}: writes a keypair. */
    @Command(name = "generate", description = "Write a new keypair: an armored public key for --encrypt-to, and a "
            + "passphrase-protected secret key for --decrypt-key that belongs offline.")
    static final class Generate implements Callable<Integer> {
        @ParentCommand
        KeyCommand key;

        @Mixin
        OutputOptions output;

        @Option(names = "--out", paramLabel = "DIR", required = true, description = "Where to write the two key files.")
        Path out;

        @Option(names = "--user-id", paramLabel = "ID", description = "The key's user id (default: supabackup <backup@HOST>).")
        String userId;

        @Option(names = "--passphrase-file", paramLabel = "FILE",
                description = "The passphrase protecting the secret key, in FILE's first line; or set "
                        + "SUPABACKUP_KEY_PASSPHRASE; asked for on a terminal otherwise.")
        Path passphraseFile;

        @Override
        public Integer call() {
            CliContext context = key.root.context();
            char[] passphrase = CryptoOptions.secret(context, passphraseFile, "SUPABACKUP_KEY_PASSPHRASE");
            if (passphrase == null) {
                passphrase = ask(context);
            }
            Path dir = context.workingDirectory().resolve(out);
            try {
                Files.createDirectories(dir);
            } catch (java.io.IOException e) {
                throw new SupabackupException(FailureKind.USAGE, "cannot create " + dir + ": " + e.getMessage());
            }
            KeyGenerator.GeneratedKey generated = KeyGenerator.generate(
                    userId == null || userId.isBlank() ? KeyGenerator.defaultUserId() : userId, passphrase,
                    dir.resolve("supabackup-public.asc"), dir.resolve("supabackup-secret.asc"));
            Arrays.fill(passphrase, '\0');
            if (output.json) {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("userId", generated.userId());
                json.put("fingerprint", generated.fingerprint());
                json.put("encryptionKeyId", generated.encryptionKeyId());
                json.put("publicKey", generated.publicKeyFile().toString());
                json.put("secretKey", generated.secretKeyFile().toString());
                context.out().println(new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(json).toPrettyString());
                return 0;
            }
            context.out().println("Wrote a new keypair for " + generated.userId() + " (fingerprint "
                    + generated.fingerprint() + ", encryption key " + generated.encryptionKeyId() + "):");
            context.out().println("  public key: " + generated.publicKeyFile() + "  → back up with --encrypt-to "
                    + generated.publicKeyFile());
            context.out().println("  secret key: " + generated.secretKeyFile() + "  → needed to restore; keep it OFFLINE,"
                    + " away from the machine that makes backups, with its passphrase.");
            return 0;
        }

        private static char[] ask(CliContext context) {
            if (!context.terminal().interactive()) {
                throw new SupabackupException(FailureKind.USAGE, "the secret key needs a passphrase",
                        "give --passphrase-file FILE or set SUPABACKUP_KEY_PASSPHRASE");
            }
            String first = context.terminal().askSecret("Passphrase for the secret key: ");
            String second = context.terminal().askSecret("Again: ");
            if (first == null || first.isEmpty() || !first.equals(second)) {
                throw new SupabackupException(FailureKind.USAGE, "the passphrases were empty or did not match");
            }
            return first.toCharArray();
        }
    }
}
