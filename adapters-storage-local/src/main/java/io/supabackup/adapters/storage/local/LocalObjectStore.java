package io.supabackup.adapters.storage.local;

import io.supabackup.domain.port.out.ObjectInfo;
import io.supabackup.domain.port.out.ObjectKeys;
import io.supabackup.domain.port.out.ObjectNotFoundException;
import io.supabackup.domain.port.out.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.FileVisitOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * An {@link ObjectStore} on a directory: a key {@code a/b/c} is the file {@code <root>/a/b/c}. Writes go
 * to a temp file beside the target, are fsynced and renamed over it, so a crash leaves the old object or
 * the new one, plus at worst an invisible temp file.
 */
final class LocalObjectStore implements ObjectStore {
    /** Names of in-flight writes; {@link #list} never reports them, and keys may not take this form. */
    static final String TEMP_PREFIX = ".tmp-";

    private static final boolean WINDOWS =
            System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int BUFFER_SIZE = 1 << 16;
    // A concurrent delete may prune the directory a save has just created; retrying recreates it.
    private static final int PRUNED_DIRECTORY_RETRIES = 10;

    private final Path root;

    LocalObjectStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public void save(String key, InputStream content) throws IOException {
        Path target = resolve(key);
        Path directory = target.getParent();
        Path existingAncestor = nearestExistingAncestor(directory);
        Path temp = createTempFile(directory);
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                copy(content, channel);
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException | Error e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        // The rename and any directories created for it are durable only once their parents are synced.
        for (Path synced = directory; ; synced = synced.getParent()) {
            fsyncDirectory(synced);
            if (synced.equals(existingAncestor)) {
                break;
            }
        }
    }

    @Override
    public InputStream load(String key) throws IOException {
        Path path = resolve(key);
        if (!Files.isRegularFile(path)) {
            throw new ObjectNotFoundException(key);
        }
        try {
            return Files.newInputStream(path);
        } catch (NoSuchFileException e) {
            throw new ObjectNotFoundException(key);
        }
    }

    @Override
    public Optional<ObjectInfo> stat(String key) throws IOException {
        Path path = resolve(key);
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (FileSystemException e) {
            if (isBelowAFile(path)) {
                return Optional.empty();
            }
            throw e;
        }
        if (!attributes.isRegularFile()) {
            return Optional.empty();
        }
        return Optional.of(info(key, attributes));
    }

    @Override
    public void list(String prefix, Consumer<ObjectInfo> consumer) throws IOException {
        ObjectKeys.requireValidPrefix(prefix);
        int lastSlash = prefix.lastIndexOf('/');
        Path start = lastSlash < 0 ? root : root.resolve(prefix.substring(0, lastSlash));
        if (!Files.isDirectory(start)) {
            return;
        }
        // Symbolic links are followed: an administrator may have spread a repository over disks with
        // them. Keys still come from the paths under the root, never from the links' targets.
        Files.walkFileTree(start, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
                new PrefixLister(start, prefix, consumer));
    }

    @Override
    public void delete(String key) throws IOException {
        Path path = resolve(key);
        if (Files.isDirectory(path)) {
            return;
        }
        try {
            Files.deleteIfExists(path);
        } catch (FileSystemException e) {
            if (isBelowAFile(path)) {
                return;
            }
            throw e;
        }
        removeEmptyDirectoriesAbove(path);
    }

    @Override
    public boolean exists() {
        return Files.isDirectory(root);
    }

    @Override
    public String location() {
        return root.toString();
    }

    /**
     * Deletes the temp files of writes that were killed before they finished, when last written longer
     * than {@code olderThan} ago; younger ones may belong to a write still running. Returns how many.
     */
    int removeStaleTempFiles(Duration olderThan) throws IOException {
        if (!exists()) {
            return 0;
        }
        FileTime cutoff = FileTime.from(Instant.now().minus(olderThan));
        List<Path> stale = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile() && isTemp(file) && attrs.lastModifiedTime().compareTo(cutoff) < 0) {
                    stale.add(file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                return vanishedDuringWalk(e);
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                return e == null ? FileVisitResult.CONTINUE : vanishedDuringWalk(e);
            }
        });
        int removed = 0;
        for (Path file : stale) {
            if (Files.deleteIfExists(file)) {
                removed++;
                removeEmptyDirectoriesAbove(file);
            }
        }
        return removed;
    }

    private Path resolve(String key) {
        ObjectKeys.requireValid(key);
        Path path;
        try {
            path = root.resolve(key).normalize();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("invalid object key for a local directory: '" + key + "'", e);
        }
        // ObjectKeys already forbids '..'; this holds the line even if a platform parses a key differently.
        if (!path.startsWith(root) || path.equals(root)) {
            throw new IllegalArgumentException("object key escapes its root: '" + key + "'");
        }
        if (isTemp(path)) {
            throw new IllegalArgumentException(
                    "object key names a temp file of the local store ('" + TEMP_PREFIX + "...'): '" + key + "'");
        }
        return path;
    }

    private Path createTempFile(Path directory) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Files.createDirectories(directory);
            Path temp = directory.resolve(TEMP_PREFIX + randomHex());
            try {
                Files.createFile(temp);
                return temp;
            } catch (NoSuchFileException e) {
                if (attempt >= PRUNED_DIRECTORY_RETRIES) {
                    throw e;
                }
            }
        }
    }

    private static void copy(InputStream content, FileChannel channel) throws IOException {
        byte[] buffer = new byte[BUFFER_SIZE];
        ByteBuffer wrapped = ByteBuffer.wrap(buffer);
        int n;
        while ((n = content.read(buffer)) >= 0) {
            wrapped.clear().limit(n);
            while (wrapped.hasRemaining()) {
                channel.write(wrapped);
            }
        }
    }

    private static Path nearestExistingAncestor(Path directory) {
        Path candidate = directory;
        while (candidate.getParent() != null && !Files.isDirectory(candidate)) {
            candidate = candidate.getParent();
        }
        return candidate;
    }

    private static void fsyncDirectory(Path directory) throws IOException {
        if (WINDOWS) {
            // Windows cannot open a directory as a channel; the rename is atomic there all the same.
            return;
        }
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (NoSuchFileException e) {
            // A concurrent delete emptied and removed it: nothing of ours is left in it to make durable.
        }
    }

    private void removeEmptyDirectoriesAbove(Path path) throws IOException {
        for (Path dir = path.getParent(); dir != null && !dir.equals(root) && dir.startsWith(root);
                dir = dir.getParent()) {
            try {
                Files.delete(dir);
            } catch (DirectoryNotEmptyException e) {
                return;
            } catch (NoSuchFileException e) {
                // Another delete got here first; its parent may still be empty.
            }
        }
    }

    /** Whether some directory between the root and {@code path} is a file, so nothing can be below it. */
    private boolean isBelowAFile(Path path) {
        for (Path dir = path.getParent(); dir != null && dir.startsWith(root) && !dir.equals(root);
                dir = dir.getParent()) {
            if (Files.isRegularFile(dir)) {
                return true;
            }
        }
        return false;
    }

    private static FileVisitResult vanishedDuringWalk(IOException e) throws IOException {
        // A concurrent delete (prune) may remove files and directories while we walk; they are simply gone.
        if (e instanceof NoSuchFileException) {
            return FileVisitResult.CONTINUE;
        }
        throw e;
    }

    private String keyOf(Path path) {
        Path relative = root.relativize(path);
        StringBuilder key = new StringBuilder();
        for (Path name : relative) {
            if (key.length() > 0) {
                key.append('/');
            }
            key.append(name);
        }
        return key.toString();
    }

    private static boolean isTemp(Path path) {
        Path name = path.getFileName();
        return name != null && name.toString().startsWith(TEMP_PREFIX);
    }

    private static ObjectInfo info(String key, BasicFileAttributes attributes) {
        return new ObjectInfo(key, attributes.size(), attributes.lastModifiedTime().toInstant());
    }

    private static String randomHex() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Reports the objects under {@code prefix}, descending only into directories that can hold some. */
    private final class PrefixLister extends SimpleFileVisitor<Path> {
        private final Path start;
        private final String prefix;
        private final Consumer<ObjectInfo> consumer;

        PrefixLister(Path start, String prefix, Consumer<ObjectInfo> consumer) {
            this.start = start;
            this.prefix = prefix;
            this.consumer = consumer;
        }

        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            if (dir.equals(start)) {
                return FileVisitResult.CONTINUE;
            }
            String dirPrefix = keyOf(dir) + "/";
            return dirPrefix.startsWith(prefix) || prefix.startsWith(dirPrefix)
                    ? FileVisitResult.CONTINUE
                    : FileVisitResult.SKIP_SUBTREE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            if (attrs.isRegularFile() && !isTemp(file)) {
                String key = keyOf(file);
                if (key.startsWith(prefix)) {
                    consumer.accept(info(key, attrs));
                }
            }
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            return vanishedDuringWalk(e);
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            return e == null ? FileVisitResult.CONTINUE : vanishedDuringWalk(e);
        }
    }
}
