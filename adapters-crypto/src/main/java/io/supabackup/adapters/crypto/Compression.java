package io.supabackup.adapters.crypto;

import com.github.luben.zstd.RecyclingBufferPool;
import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import io.supabackup.domain.port.out.Compressor;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * How a file is compressed before it is encrypted: {@code none}, {@code gzip[:1-9]} or {@code zstd[:1-22]}.
 * {@link #name()} is what a manifest records; it is all {@link #decompress} needs, the level only matters
 * when writing. Both directions wrap streams, and closing the wrapper closes the wrapped stream.
 */
public record Compression(Codec codec, int level) implements Compressor {
    public static final int DEFAULT_ZSTD_LEVEL = 3;
    public static final int DEFAULT_GZIP_LEVEL = 6;
    public static final Compression NONE = new Compression(Codec.NONE, 0);
    public static final Compression GZIP = new Compression(Codec.GZIP, DEFAULT_GZIP_LEVEL);
    public static final Compression DEFAULT = new Compression(Codec.ZSTD, DEFAULT_ZSTD_LEVEL);

    private static final int BUFFER = 1 << 16;
    private static final int WORKERS = Runtime.getRuntime().availableProcessors() > 1 ? 1 : 0;
    private static final String FORMS = "none, gzip, gzip:LEVEL (1-9), zstd or zstd:LEVEL (1-22)";

    public enum Codec {
        NONE("none", 0, 0, 0),
        GZIP("gzip", 1, 9, DEFAULT_GZIP_LEVEL),
        ZSTD("zstd", 1, 22, DEFAULT_ZSTD_LEVEL);

        private final String label;
        private final int minLevel;
        private final int maxLevel;
        private final int defaultLevel;

        Codec(String label, int minLevel, int maxLevel, int defaultLevel) {
            this.label = label;
            this.minLevel = minLevel;
            this.maxLevel = maxLevel;
            this.defaultLevel = defaultLevel;
        }

        public String label() {
            return label;
        }
    }

    public Compression {
        Objects.requireNonNull(codec, "codec");
        if (level < codec.minLevel || level > codec.maxLevel) {
            throw new SupabackupException(FailureKind.USAGE,
                    "compression level " + level + " is out of range for " + codec.label,
                    "use one of: " + FORMS);
        }
    }

    public static Compression zstd(int level) {
        return new Compression(Codec.ZSTD, level);
    }

    /** Parses {@code none}, {@code gzip}, {@code gzip:9}, {@code zstd}, {@code zstd:19} (case-insensitive). */
    public static Compression parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new SupabackupException(FailureKind.USAGE, "no compression given", "use one of: " + FORMS);
        }
        String trimmed = spec.trim().toLowerCase(Locale.ROOT);
        int colon = trimmed.indexOf(':');
        String name = colon < 0 ? trimmed : trimmed.substring(0, colon);
        Codec codec = null;
        for (Codec candidate : Codec.values()) {
            if (candidate.label.equals(name)) {
                codec = candidate;
            }
        }
        if (codec == null) {
            throw new SupabackupException(FailureKind.USAGE, "unknown compression '" + spec.trim() + "'",
                    "use one of: " + FORMS);
        }
        if (colon < 0) {
            return new Compression(codec, codec.defaultLevel);
        }
        String levelText = trimmed.substring(colon + 1);
        if (codec == Codec.NONE || !levelText.matches("-?\\d{1,3}")) {
            throw new SupabackupException(FailureKind.USAGE, "invalid compression '" + spec.trim() + "'",
                    "use one of: " + FORMS);
        }
        return new Compression(codec, Integer.parseInt(levelText));
    }

    /** The codec alone, as a manifest records it: {@code none}, {@code gzip} or {@code zstd}. */
    public String name() {
        return codec.label;
    }

    /** This compression, or {@link #NONE} when the content type says the bytes are compressed already. */
    public Compression forContentType(String contentType) {
        return isAlreadyCompressed(contentType) ? NONE : this;
    }

    /** See {@link CompressedContentTypes} for what counts as compressed already. */
    public static boolean isAlreadyCompressed(String contentType) {
        return CompressedContentTypes.isCompressed(contentType);
    }

    public OutputStream compress(OutputStream out) throws IOException {
        Objects.requireNonNull(out, "out");
        switch (codec) {
            case NONE:
                return out;
            case GZIP:
                return new LevelledGzipOutputStream(out, level);
            case ZSTD:
                // Content checksum on: zstd -d and our reader then catch a corrupted frame on their own.
                ZstdOutputStream zstd = new ZstdOutputStream(out, RecyclingBufferPool.INSTANCE, level);
                zstd.setChecksum(true);
                if (WORKERS > 0) {
                    // one zstd worker compresses while this thread encrypts: like `zstd | gpg`, both cores work
                    zstd.setWorkers(WORKERS);
                }
                // Small writes would each cross JNI; the buffer batches them and lets big ones through.
                return new BufferedOutputStream(zstd, BUFFER);
            default:
                throw new IllegalStateException(codec.toString());
        }
    }

    @Override
    public boolean worthCompressing(String contentType) {
        return !isAlreadyCompressed(contentType);
    }

    @Override
    public InputStream decompress(String name, InputStream in) throws IOException {
        return parse(name).decompress(in);
    }

    public InputStream decompress(InputStream in) throws IOException {
        Objects.requireNonNull(in, "in");
        switch (codec) {
            case NONE:
                return in;
            case GZIP:
                return new GZIPInputStream(in, BUFFER);
            case ZSTD:
                return new ZstdInputStream(in, RecyclingBufferPool.INSTANCE);
            default:
                throw new IllegalStateException(codec.toString());
        }
    }

    /** {@code zstd:3}: parses back to an equal value. */
    @Override
    public String toString() {
        return codec == Codec.NONE ? codec.label : codec.label + ":" + level;
    }

    private static final class LevelledGzipOutputStream extends GZIPOutputStream {
        LevelledGzipOutputStream(OutputStream out, int level) throws IOException {
            super(out, BUFFER);
            def.setLevel(level);
        }
    }
}
