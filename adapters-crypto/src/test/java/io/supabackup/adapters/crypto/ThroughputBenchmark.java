package io.supabackup.adapters.crypto;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Throughput of compression + OpenPGP encryption, and back, on a file; not a test. Run by
 * {@code bench/throughput.sh}, which puts {@code zstd | gpg} next to it on the same bytes.
 *
 * <pre>
 *   generate text|random SIZE_MIB FILE       write benchmark data
 *   encrypt FILE PUBLIC_KEY OUT [COMPRESSION] compress + encrypt FILE into OUT, print MB/s
 *   decrypt FILE SECRET_KEY PASSPHRASE [COMPRESSION]  decrypt + decompress FILE to nowhere, print MB/s
 * </pre>
 */
public final class ThroughputBenchmark {
    private ThroughputBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        switch (args[0]) {
            case "generate" -> generate(args[1], Long.parseLong(args[2]) << 20, Path.of(args[3]));
            case "encrypt" -> encrypt(Path.of(args[1]), Path.of(args[2]), Path.of(args[3]),
                    Compression.parse(args.length > 4 ? args[4] : "zstd:3"));
            case "decrypt" -> decrypt(Path.of(args[1]), Path.of(args[2]), args[3].toCharArray(),
                    Compression.parse(args.length > 4 ? args[4] : "zstd:3"));
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        }
    }

    private static void encrypt(Path file, Path publicKey, Path out, Compression compression) throws IOException {
        PgpEncryptor encryptor = new PgpEncryptor(new CryptoConfig(List.of(publicKey), null, null, null, compression));
        long start = System.nanoTime();
        try (InputStream in = Files.newInputStream(file);
             OutputStream sink = compression.compress(encryptor.encrypt(Files.newOutputStream(out)))) {
            in.transferTo(sink);
        }
        report("java " + compression + " + encrypt", Files.size(file), Files.size(out), start);
    }

    private static void decrypt(Path file, Path secretKey, char[] passphrase, Compression compression)
            throws IOException {
        PgpEncryptor encryptor = new PgpEncryptor(new CryptoConfig(List.of(), null, secretKey, passphrase, null));
        long start = System.nanoTime();
        long plaintext;
        try (InputStream in = compression.decompress(encryptor.decrypt(Files.newInputStream(file)))) {
            plaintext = in.transferTo(OutputStream.nullOutputStream());
        }
        report("java decrypt + " + compression.name() + " -d", plaintext, Files.size(file), start);
    }

    private static void report(String what, long plaintextBytes, long ciphertextBytes, long startNanos) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        System.out.printf(Locale.ROOT, "%-28s %6.2f s  %7.1f MB/s of plaintext  (ciphertext %.1f%% of plaintext)%n",
                what, seconds, plaintextBytes / 1e6 / seconds, 100.0 * ciphertextBytes / plaintextBytes);
    }

    /** Text shaped like pg_dump COPY data (ids, e-mails, timestamps, JSON), or incompressible bytes. */
    private static void generate(String kind, long size, Path file) throws IOException {
        SplittableRandom random = new SplittableRandom(42);
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            long written = 0;
            long row = 0;
            while (written < size) {
                int n = (int) Math.min(chunk.length, size - written);
                if (kind.equals("random")) {
                    random.nextBytes(chunk);
                    out.write(chunk, 0, n);
                } else {
                    StringBuilder lines = new StringBuilder(n + 256);
                    while (lines.length() < n) {
                        row++;
                        lines.append(row).append('\t')
                                .append(Long.toHexString(random.nextLong())).append('-')
                                .append(Integer.toHexString(random.nextInt(0x10000))).append('\t')
                                .append("user").append(random.nextInt(1_000_000)).append("@example.com\t")
                                .append("2025-").append(1 + random.nextInt(12)).append('-').append(1 + random.nextInt(28))
                                .append(' ').append(random.nextInt(24)).append(':').append(random.nextInt(60))
                                .append(":00+00\t{\"plan\": \"").append(random.nextBoolean() ? "pro" : "free")
                                .append("\", \"seats\": ").append(random.nextInt(50))
                                .append(", \"note\": \"").append(random.nextInt(3) == 0 ? "\\N" : "renewed monthly")
                                .append("\"}\tt\n");
                    }
                    byte[] bytes = lines.toString().getBytes(StandardCharsets.UTF_8);
                    out.write(bytes, 0, n);
                }
                written += n;
            }
        }
    }
}
