package io.supabackup.adapters.storage.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.supabackup.domain.port.out.ObjectNotFoundException;
import io.supabackup.domain.port.out.ObjectStore;
import io.supabackup.testkit.objectstore.ObjectStoreContract;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalObjectStoreTest extends ObjectStoreContract {
    @TempDir
    Path tmp;

    private Path root() {
        return tmp.resolve("repository");
    }

    @Override
    protected ObjectStore newStore() {
        return LocalObjectStores.open(root());
    }

    @Override
    protected ObjectStore newMissingStore() {
        return LocalObjectStores.open(tmp.resolve("missing/deeper"));
    }

    @Test
    void firstSaveCreatesTheRootDirectory() throws Exception {
        assertThat(store.exists()).isFalse();

        save("a/b", bytes("x"));

        assertThat(store.exists()).isTrue();
        assertThat(root()).isDirectory();
    }

    @Test
    void missingRootReadsAsEmptyAndIsNotCreatedByReads() throws Exception {
        assertThat(listKeys("")).isEmpty();
        assertThat(listKeys("a/")).isEmpty();
        assertThat(store.stat("a/b")).isEmpty();
        assertThatThrownBy(() -> store.load("a/b")).isInstanceOf(ObjectNotFoundException.class);
        store.delete("a/b");

        assertThat(root()).doesNotExist();
    }

    @Test
    void locationIsTheAbsolutePathOfTheRoot() {
        assertThat(store.location()).isEqualTo(root().toAbsolutePath().toString());
    }

    @Test
    void objectIsAPlainFileAtItsKeysPath() throws Exception {
        save("a/b/c.txt", bytes("readable without us"));

        assertThat(root().resolve("a/b/c.txt")).hasContent("readable without us");
    }

    @Test
    void leftoverOfAKilledWriteIsNeverListedAndDoesNotDisturbLoads() throws Exception {
        save("a/b", bytes("committed"));
        Files.write(root().resolve("a/.tmp-0123456789abcdef"), bytes("half a write"));
        Files.write(root().resolve(".tmp-fedcba9876543210"), bytes("another half"));

        assertThat(listKeys("")).containsExactly("a/b");
        assertThat(listKeys("a/")).containsExactly("a/b");
        assertThat(listKeys("a/.tmp")).isEmpty();
        assertThat(load("a/b")).isEqualTo(bytes("committed"));
        save("a/b", bytes("committed again"));
        assertThat(load("a/b")).isEqualTo(bytes("committed again"));
    }

    @Test
    void keysNamingATempFileAreRejected() {
        for (String key : List.of(".tmp-0123", "a/.tmp-0123")) {
            assertThatThrownBy(() -> save(key, bytes("x"))).as(key).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.stat(key)).as(key).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void writeFailingHalfWayLeavesNoFileBehind() throws Exception {
        save("kept", bytes("old"));
        InputStream failing = new SequenceInputStream(new ByteArrayInputStream(new byte[200_000]), new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("source went away");
            }
        });

        assertThatThrownBy(() -> store.save("dir/failed", failing)).hasMessage("source went away");
        assertThatThrownBy(() -> store.save("kept", failing)).isInstanceOf(IOException.class);

        assertThat(filesUnder(root())).containsExactly(root().resolve("kept"));
    }

    @Test
    void staleTempFilesOlderThanTheAgeAreRemovedAndYoungerOnesKept() throws Exception {
        save("a/b/object", bytes("x"));
        Path stale = Files.write(root().resolve("a/b/.tmp-stale"), bytes("killed"));
        Path staleAlone = Files.createDirectories(root().resolve("c/d")).resolve(".tmp-stale-alone");
        Files.write(staleAlone, bytes("killed"));
        Path young = Files.write(root().resolve("a/.tmp-young"), bytes("running"));
        FileTime twoDaysAgo = FileTime.from(Instant.now().minus(Duration.ofDays(2)));
        Files.setLastModifiedTime(stale, twoDaysAgo);
        Files.setLastModifiedTime(staleAlone, twoDaysAgo);

        int removed = LocalObjectStores.removeStaleTempFiles(root(), Duration.ofDays(1));

        assertThat(removed).isEqualTo(2);
        assertThat(stale).doesNotExist();
        assertThat(root().resolve("c")).doesNotExist();
        assertThat(young).exists();
        assertThat(load("a/b/object")).isEqualTo(bytes("x"));
    }

    @Test
    void removingStaleTempFilesOfAMissingRootIsANoOp() throws Exception {
        assertThat(LocalObjectStores.removeStaleTempFiles(root(), Duration.ofDays(1))).isZero();
        assertThat(root()).doesNotExist();
    }

    @Test
    void keysCannotEscapeTheRoot() throws Exception {
        Path sibling = Files.createDirectories(tmp.resolve("sibling"));
        Files.write(sibling.resolve("file"), bytes("not yours"));
        save("inside", bytes("x"));
        List<String> escapes = List.of("../sibling/file", "a/../../sibling/file", "../repository-evil",
                "..", sibling.resolve("file").toString(), "..\\sibling\\file", "./../sibling/file");

        for (String key : escapes) {
            assertThatThrownBy(() -> save(key, bytes("overwritten"))).as("save %s", key)
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.load(key)).as("load %s", key).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.stat(key)).as("stat %s", key).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.delete(key)).as("delete %s", key)
                    .isInstanceOf(IllegalArgumentException.class);
        }

        assertThat(sibling.resolve("file")).hasContent("not yours");
        try (Stream<Path> top = Files.list(tmp)) {
            assertThat(top).containsExactlyInAnyOrder(root(), sibling);
        }
    }

    @Test
    void namesThatLookSpecialToAShellAreOrdinaryNamesInsideTheRoot() throws Exception {
        for (String key : List.of("~/x", "...", ".hidden/x", "$HOME", "a/...b")) {
            save(key, bytes(key));

            assertThat(root().resolve(key)).as(key).isRegularFile();
            assertThat(load(key)).isEqualTo(bytes(key));
        }
    }

    @Test
    void deleteRemovesEmptyParentDirectoriesButKeepsTheRoot() throws Exception {
        save("a/b/c/d", bytes("deep"));
        save("a/x", bytes("shallow"));

        store.delete("a/b/c/d");

        assertThat(root().resolve("a/b")).doesNotExist();
        assertThat(root().resolve("a/x")).exists();

        store.delete("a/x");

        assertThat(root()).isEmptyDirectory();
    }

    @Test
    void keyBelowAnExistingObjectCannotBeSavedAndHarmsNothing() throws Exception {
        save("file", bytes("object"));
        save("dir/child", bytes("child"));

        assertThatThrownBy(() -> save("file/below", bytes("x"))).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> save("dir", bytes("x"))).isInstanceOf(IOException.class);

        assertThat(load("file")).isEqualTo(bytes("object"));
        assertThat(load("dir/child")).isEqualTo(bytes("child"));
        assertThat(filesUnder(root())).containsExactlyInAnyOrder(root().resolve("file"), root().resolve("dir/child"));
    }

    @Test
    void rootReachedThroughASymbolicLinkWorksLikeAnyOther() throws Exception {
        Path real = Files.createDirectories(tmp.resolve("real-disk"));
        Path link = Files.createSymbolicLink(tmp.resolve("linked"), real);
        ObjectStore linked = LocalObjectStores.open(link);

        linked.save("x/y", new ByteArrayInputStream(bytes("through the link")));

        assertThat(linked.exists()).isTrue();
        List<String> keys = new java.util.ArrayList<>();
        linked.list("", info -> keys.add(info.key()));
        assertThat(keys).containsExactly("x/y");
        assertThat(real.resolve("x/y")).hasContent("through the link");
        assertThatCode(() -> linked.delete("x/y")).doesNotThrowAnyException();
        assertThat(real).isEmptyDirectory();
    }

    private static List<Path> filesUnder(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }
}
