package io.supabackup.adapters.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CompressionTest {
    @ParameterizedTest
    @ValueSource(strings = {"none", "gzip", "gzip:1", "zstd", "zstd:1", "zstd:19"})
    void eachCodecRoundTripsTextAndRandomBytes(String spec) throws IOException {
        Compression compression = Compression.parse(spec);
        for (byte[] plaintext : new byte[][] {Fixtures.text(10_000), Fixtures.randomBytes(200_000, 9), new byte[0]}) {
            byte[] compressed = compress(compression, plaintext);

            assertThat(decompress(Compression.parse(compression.name()), compressed)).isEqualTo(plaintext);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "zstd"})
    void textShrinks(String spec) throws IOException {
        byte[] text = Fixtures.text(10_000);

        assertThat(compress(Compression.parse(spec), text).length).isLessThan(text.length / 4);
    }

    @ParameterizedTest
    @CsvSource({
        "zstd, ZSTD, 3", "zstd:1, ZSTD, 1", "ZSTD:19, ZSTD, 19", " zstd:22 , ZSTD, 22",
        "gzip, GZIP, 6", "gzip:9, GZIP, 9", "none, NONE, 0", "NONE, NONE, 0"})
    void parsesCodecAndLevel(String spec, Compression.Codec codec, int level) {
        assertThat(Compression.parse(spec)).isEqualTo(new Compression(codec, level));
    }

    @ParameterizedTest
    @ValueSource(strings = {"zstd:0", "zstd:23", "zstd:-1", "zstd:", "zstd:x", "zstd:3:4", "gzip:10", "none:1",
        "lz4", "", "  "})
    void rejectsWhatIsNotACompression(String spec) {
        assertThatThrownBy(() -> Compression.parse(spec))
                .isInstanceOfSatisfying(SupabackupException.class, e -> {
                    assertThat(e.kind()).isEqualTo(FailureKind.USAGE);
                    assertThat(e.hint()).contains("zstd:LEVEL");
                });
    }

    @Test
    void theDefaultIsZstdLevelThreeAndPrintsAsItParses() {
        assertThat(Compression.DEFAULT).isEqualTo(Compression.zstd(3));
        assertThat(Compression.DEFAULT.name()).isEqualTo("zstd");
        assertThat(Compression.DEFAULT.toString()).isEqualTo("zstd:3");
        for (String spec : new String[] {"none", "gzip:6", "zstd:3", "zstd:19"}) {
            assertThat(Compression.parse(spec).toString()).isEqualTo(spec);
        }
    }

    @Test
    void zstdOutputIsWhatTheZstdToolReads(@TempDir Path dir) throws Exception {
        byte[] plaintext = Fixtures.text(5_000);
        Path file = Files.write(dir.resolve("data.zst"), compress(Compression.zstd(5), plaintext));

        Process process = new ProcessBuilder("zstd", "-q", "-d", "-c", file.toString()).start();
        byte[] restored = process.getInputStream().readAllBytes();

        assertThat(process.waitFor()).isZero();
        assertThat(restored).isEqualTo(plaintext);
    }

    @Test
    void aCorruptedZstdFrameFailsToRead() throws IOException {
        byte[] compressed = compress(Compression.DEFAULT, Fixtures.text(5_000));
        compressed[compressed.length / 2] ^= 0x10;

        assertThatThrownBy(() -> decompress(Compression.DEFAULT, compressed)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> decompress(Compression.DEFAULT,
                Arrays.copyOf(compressed, compressed.length - 10))).isInstanceOf(IOException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"image/png", "image/jpeg", "IMAGE/WEBP", "image/avif", "video/mp4", "video/webm",
        "audio/mpeg", "audio/ogg", "audio/flac", "application/zip", "application/gzip", "application/x-7z-compressed",
        "application/vnd.rar", "application/x-rar-compressed", "application/x-xz", "application/zstd",
        "application/pdf", "application/epub+zip", "font/woff2", "application/x-bzip2",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.oasis.opendocument.text", "image/jpeg; charset=binary", "application/something+gzip"})
    void recognisesContentThatIsCompressedAlready(String contentType) {
        assertThat(Compression.isAlreadyCompressed(contentType)).isTrue();
        assertThat(Compression.DEFAULT.forContentType(contentType)).isEqualTo(Compression.NONE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "text/csv; charset=utf-8", "application/json", "application/sql",
        "application/octet-stream", "image/svg+xml", "image/bmp", "image/tiff", "audio/wav", "audio/x-wav",
        "audio/aiff", "application/x-tar", "application/xml", "font/ttf", "something/unknown"})
    void compressesEverythingElse(String contentType) {
        assertThat(Compression.isAlreadyCompressed(contentType)).isFalse();
        assertThat(Compression.DEFAULT.forContentType(contentType)).isEqualTo(Compression.DEFAULT);
    }

    @Test
    void aMissingContentTypeIsCompressed() {
        assertThat(Compression.isAlreadyCompressed(null)).isFalse();
    }

    private static byte[] compress(Compression compression, byte[] plaintext) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = compression.compress(bytes)) {
            out.write(plaintext);
        }
        return bytes.toByteArray();
    }

    private static byte[] decompress(Compression compression, byte[] compressed) throws IOException {
        try (InputStream in = compression.decompress(new ByteArrayInputStream(compressed))) {
            return in.readAllBytes();
        }
    }
}
