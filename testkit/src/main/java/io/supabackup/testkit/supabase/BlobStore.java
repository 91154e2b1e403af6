package io.supabackup.testkit.supabase;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Where the fake keeps file contents: in the heap (fine for tens of MB) or in files under a directory, so
 * that a gigabyte-sized benchmark file never sits in memory. Writers stream and hash as they go, and can be
 * appended to across requests, which is what a TUS upload needs.
 */
abstract class BlobStore implements AutoCloseable {
    private static final int COPY_BUFFER = 64 * 1024;

    static BlobStore inMemory() {
        return new Memory();
    }

    static BlobStore onDisk(Path dir) {
        return new Disk(dir);
    }

    abstract Writer newWriter();

    @Override
    public void close() {
    }

    /** Thrown when a body grows past the limit the caller allowed. */
    static final class TooLarge extends IOException {
        TooLarge() {
            super("size limit exceeded");
        }
    }

    interface Blob {
        long size();

        /** Lower-case hex MD5 of the content. */
        String md5Hex();

        InputStream open(long offset, long length) throws IOException;

        void delete();
    }

    abstract static class Writer {
        private final MessageDigest md5;
        private long size;

        Writer() {
            try {
                md5 = MessageDigest.getInstance("MD5");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        long size() {
            return size;
        }

        /** Copies the whole stream; fails with {@link TooLarge} once the total passes {@code maxTotal}. */
        final void append(InputStream in, long maxTotal) throws IOException {
            byte[] buffer = new byte[COPY_BUFFER];
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (size + n > maxTotal) {
                    throw new TooLarge();
                }
                md5.update(buffer, 0, n);
                write(buffer, n);
                size += n;
            }
        }

        final Blob finish() throws IOException {
            return seal(HexFormat.of().formatHex(md5.digest()));
        }

        abstract void write(byte[] buffer, int length) throws IOException;

        abstract Blob seal(String md5Hex) throws IOException;

        abstract void discard();
    }

    private static final class Memory extends BlobStore {
        // Chunks keep a 50 MB object from needing one 50 MB array (and a doubling copy while growing).
        private static final int CHUNK = 1024 * 1024;

        @Override
        Writer newWriter() {
            return new Writer() {
                private final List<byte[]> chunks = new ArrayList<>();
                private int usedInLast = CHUNK;

                @Override
                void write(byte[] buffer, int length) {
                    int offset = 0;
                    while (offset < length) {
                        if (usedInLast == CHUNK) {
                            chunks.add(new byte[CHUNK]);
                            usedInLast = 0;
                        }
                        int n = Math.min(length - offset, CHUNK - usedInLast);
                        System.arraycopy(buffer, offset, chunks.get(chunks.size() - 1), usedInLast, n);
                        usedInLast += n;
                        offset += n;
                    }
                }

                @Override
                Blob seal(String md5Hex) {
                    // a small object must not keep a whole chunk: thousands of them would fill the heap
                    if (!chunks.isEmpty() && usedInLast < CHUNK) {
                        chunks.set(chunks.size() - 1, java.util.Arrays.copyOf(chunks.get(chunks.size() - 1), usedInLast));
                    }
                    return new MemoryBlob(List.copyOf(chunks), size(), md5Hex);
                }

                @Override
                void discard() {
                    chunks.clear();
                }
            };
        }
    }

    private record MemoryBlob(List<byte[]> chunks, long size, String md5Hex) implements Blob {
        @Override
        public InputStream open(long offset, long length) {
            return new InputStream() {
                private long position = offset;
                private final long end = offset + length;

                @Override
                public int read() {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    if (position >= end) {
                        return -1;
                    }
                    byte[] chunk = chunks.get((int) (position / Memory.CHUNK));
                    int inChunk = (int) (position % Memory.CHUNK);
                    int n = (int) Math.min(Math.min(len, Memory.CHUNK - inChunk), end - position);
                    System.arraycopy(chunk, inChunk, b, off, n);
                    position += n;
                    return n;
                }
            };
        }

        @Override
        public void delete() {
        }
    }

    private static final class Disk extends BlobStore {
        private final Path dir;
        private final List<Path> created = new ArrayList<>();

        Disk(Path dir) {
            try {
                this.dir = Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        Writer newWriter() {
            Path file;
            OutputStream out;
            try {
                file = Files.createTempFile(dir, "blob-", ".bin");
                out = Files.newOutputStream(file, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            synchronized (created) {
                created.add(file);
            }
            return new Writer() {
                @Override
                void write(byte[] buffer, int length) throws IOException {
                    out.write(buffer, 0, length);
                }

                @Override
                Blob seal(String md5Hex) throws IOException {
                    out.close();
                    return new DiskBlob(file, size(), md5Hex);
                }

                @Override
                void discard() {
                    try {
                        out.close();
                        Files.deleteIfExists(file);
                    } catch (IOException ignored) {
                        // a leftover temp file is harmless; close() sweeps the directory's files anyway
                    }
                }
            };
        }

        @Override
        public void close() {
            synchronized (created) {
                for (Path file : created) {
                    try {
                        Files.deleteIfExists(file);
                    } catch (IOException ignored) {
                        // best effort: the directory belongs to the test
                    }
                }
                created.clear();
            }
        }
    }

    private record DiskBlob(Path file, long size, String md5Hex) implements Blob {
        @Override
        public InputStream open(long offset, long length) throws IOException {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
            channel.position(offset);
            InputStream raw = Channels.newInputStream(channel);
            return new InputStream() {
                private long remaining = length;

                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (remaining <= 0) {
                        return -1;
                    }
                    int n = raw.read(b, off, (int) Math.min(len, remaining));
                    if (n > 0) {
                        remaining -= n;
                    }
                    return n;
                }

                @Override
                public void close() throws IOException {
                    raw.close();
                }
            };
        }

        @Override
        public void delete() {
            try {
                // On POSIX a reader that still has the file open keeps reading the old content.
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // swept by close()
            }
        }
    }
}
