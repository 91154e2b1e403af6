package io.supabackup.domain.port.out;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** Streaming compression of the files a repository writes, applied before encryption. */
public interface Compressor {
    /** Writes files as they are; reads {@code none} and, with the JDK alone, {@code gzip}. */
    Compressor NONE = new Compressor() {
        @Override
        public String name() {
            return "none";
        }

        @Override
        public OutputStream compress(OutputStream stored) {
            return stored;
        }

        @Override
        public InputStream decompress(String name, InputStream stored) throws IOException {
            return switch (name) {
                case "none" -> stored;
                case "gzip" -> new GZIPInputStream(stored, 1 << 16);
                default -> throw new IOException("this build cannot read '" + name + "'-compressed files");
            };
        }
    };

    /** Writes gzip with the JDK; reads like {@link #NONE}. */
    Compressor GZIP = new Compressor() {
        @Override
        public String name() {
            return "gzip";
        }

        @Override
        public OutputStream compress(OutputStream stored) throws IOException {
            return new GZIPOutputStream(stored, 1 << 16);
        }

        @Override
        public InputStream decompress(String name, InputStream stored) throws IOException {
            return NONE.decompress(name, stored);
        }
    };

    /** The name recorded in the manifest for what {@link #compress} writes: {@code none}, {@code gzip}, {@code zstd}. */
    String name();

    /** Wraps {@code stored}: what is written to the result is compressed into it; closing finishes it. */
    OutputStream compress(OutputStream stored) throws IOException;

    /** Undoes compression {@code name}, which need not be the one this compressor writes. */
    InputStream decompress(String name, InputStream stored) throws IOException;

    /** False for content that is compressed already (images, video, archives), which is stored as it is. */
    default boolean worthCompressing(String contentType) {
        return true;
    }
}
