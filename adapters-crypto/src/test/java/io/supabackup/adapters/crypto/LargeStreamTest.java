package io.supabackup.adapters.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stream far larger than the test JVM's heap (the module's surefire runs with -Xmx128m) goes through
 * zstd, encryption, decryption and decompression without ever being held: if any stage buffered the
 * message, this would run out of memory. Compared by streaming SHA-256 on both ends.
 */
class LargeStreamTest {
    private static final long SIZE = 1L << 30;

    @TempDir
    Path dir;

    @Test
    void aGibibyteRoundTripsThroughCompressionAndEncryptionInBoundedMemory() throws Exception {
        KeyGenerator.GeneratedKey key = KeyGenerator.generate("large", Fixtures.KEY_PASSPHRASE.toCharArray(),
                dir.resolve("pub.asc"), dir.resolve("sec.asc"));
        PgpEncryptor encryptor = new PgpEncryptor(new CryptoConfig(List.of(key.publicKeyFile()), null,
                key.secretKeyFile(), Fixtures.KEY_PASSPHRASE.toCharArray(), Compression.DEFAULT));
        PipedInputStream pipeIn = new PipedInputStream(1 << 20);
        PipedOutputStream pipeOut = new PipedOutputStream(pipeIn);
        long[] ciphertextBytes = {0};

        CompletableFuture<String> written = CompletableFuture.supplyAsync(() -> {
            MessageDigest sha = sha256();
            OutputStream counting = new CountingOutputStream(pipeOut, ciphertextBytes);
            try (InputStream source = new MixedContentInputStream(SIZE);
                 OutputStream sink = new DigestOutputStream(
                         Compression.DEFAULT.compress(encryptor.encrypt(counting)), sha)) {
                source.transferTo(sink);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return HexFormat.of().formatHex(sha.digest());
        });
        MessageDigest readSha = sha256();
        long read;
        try (InputStream plain = Compression.DEFAULT.decompress(encryptor.decrypt(pipeIn));
             OutputStream sink = new DigestOutputStream(OutputStream.nullOutputStream(), readSha)) {
            read = plain.transferTo(sink);
        }

        assertThat(read).isEqualTo(SIZE);
        assertThat(HexFormat.of().formatHex(readSha.digest())).isEqualTo(written.join());
        assertThat(ciphertextBytes[0]).isLessThan(SIZE); // the text half compressed
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class CountingOutputStream extends java.io.FilterOutputStream {
        private final long[] count;

        CountingOutputStream(OutputStream out, long[] count) {
            super(out);
            this.count = count;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
            count[0] += length;
        }
    }

    /** Alternating 1 MiB runs of dump-like text and random bytes, made on the fly. */
    private static final class MixedContentInputStream extends InputStream {
        private static final int RUN = 1 << 20;
        private final byte[] text = Fixtures.text(20_000);
        private final byte[] random = Fixtures.randomBytes(RUN + 7, 8);
        private final long length;
        private long position;

        MixedContentInputStream(long length) {
            this.length = length;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int count) {
            if (position >= length) {
                return -1;
            }
            long run = position / RUN;
            int inRun = (int) (position % RUN);
            byte[] source = run % 2 == 0 ? text : random;
            int start = (int) ((inRun + run * 31) % (source.length - RUN / 2));
            int n = (int) Math.min(Math.min(count, RUN - inRun), Math.min(length - position, source.length - start));
            n = Math.min(n, RUN / 2);
            System.arraycopy(source, start, buffer, offset, n);
            position += n;
            return n;
        }
    }
}
