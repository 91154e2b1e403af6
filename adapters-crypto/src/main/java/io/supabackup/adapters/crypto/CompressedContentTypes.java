package io.supabackup.adapters.crypto;

import java.util.Locale;
import java.util.Set;

/**
 * Content types whose bytes are compressed already, so compressing them again costs CPU for a gain of
 * a few percent at best. Decisions:
 * <ul>
 *   <li>{@code image/*} is compressed (PNG, JPEG, WebP, AVIF, GIF, HEIC) except the raw or textual
 *       ones: SVG, BMP, TIFF, ICO, PNM.</li>
 *   <li>{@code video/*} is compressed; raw video is not something people keep in a bucket.</li>
 *   <li>{@code audio/*} is compressed except PCM: WAV, AIFF, {@code audio/basic}, {@code audio/L16}.
 *       FLAC counts as compressed: it is lossless compression, zstd finds nothing left.</li>
 *   <li>Archives and compressed streams (zip, gzip, bzip2, xz, lzma, lzip, zstd, brotli, 7z, rar,
 *       jar, apk), zip-based documents (OOXML, OpenDocument, EPUB), WOFF fonts.</li>
 *   <li>PDF counts as compressed: its page streams are deflated, zstd gains little.</li>
 *   <li>Anything with the {@code +zip} or {@code +gzip} structured suffix.</li>
 * </ul>
 * Everything else, including {@code application/octet-stream} and unknown types, is compressed: zstd
 * stores an incompressible block as it is, so a wrong guess costs only time.
 */
final class CompressedContentTypes {
    private static final Set<String> UNCOMPRESSED_IMAGES = Set.of(
            "image/svg+xml", "image/bmp", "image/x-bmp", "image/x-ms-bmp", "image/tiff", "image/x-icon",
            "image/vnd.microsoft.icon", "image/x-portable-anymap", "image/x-portable-bitmap",
            "image/x-portable-graymap", "image/x-portable-pixmap");
    private static final Set<String> UNCOMPRESSED_AUDIO = Set.of(
            "audio/wav", "audio/x-wav", "audio/wave", "audio/vnd.wave", "audio/aiff", "audio/x-aiff",
            "audio/basic", "audio/l16", "audio/l24", "audio/pcm");
    private static final Set<String> COMPRESSED_APPLICATIONS = Set.of(
            "application/zip", "application/x-zip-compressed", "application/gzip", "application/x-gzip",
            "application/x-bzip", "application/x-bzip2", "application/x-xz", "application/x-lzma",
            "application/x-lzip", "application/zstd", "application/x-zstd", "application/x-brotli",
            "application/x-7z-compressed", "application/x-rar-compressed", "application/vnd.rar",
            "application/x-compress", "application/java-archive", "application/vnd.android.package-archive",
            "application/epub+zip", "application/pdf", "font/woff", "font/woff2", "application/font-woff");

    private CompressedContentTypes() {
    }

    static boolean isCompressed(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        int parameters = type.indexOf(';');
        if (parameters >= 0) {
            type = type.substring(0, parameters);
        }
        type = type.trim();
        if (type.startsWith("image/")) {
            return !UNCOMPRESSED_IMAGES.contains(type);
        }
        if (type.startsWith("video/")) {
            return true;
        }
        if (type.startsWith("audio/")) {
            return !UNCOMPRESSED_AUDIO.contains(type);
        }
        return COMPRESSED_APPLICATIONS.contains(type)
                || type.endsWith("+zip") || type.endsWith("+gzip")
                || type.startsWith("application/vnd.openxmlformats-officedocument.")
                || type.startsWith("application/vnd.oasis.opendocument.");
    }
}
