package io.supabackup.domain.repository;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import io.supabackup.domain.model.BackupSummary;
import io.supabackup.domain.model.DumpMode;
import io.supabackup.domain.model.EntryKind;
import io.supabackup.domain.model.Manifest;
import io.supabackup.domain.model.ManifestEntry;
import io.supabackup.domain.model.SourceInfo;
import io.supabackup.domain.port.out.BackupRepository.BackupReader;
import io.supabackup.domain.port.out.BackupRepository.BackupWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.supabackup.domain.model.EncryptionInfo;
import org.junit.jupiter.api.Test;

class ObjectStoreBackupRepositoryTest {
    private final InMemoryObjectStore store = new InMemoryObjectStore();
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-24T14:20:52Z"), ZoneOffset.UTC);
    private final ObjectStoreBackupRepository repository = new ObjectStoreBackupRepository(store, clock, "supabackup test");
    private final SourceInfo source = new SourceInfo("postgres", "15.8", "15.18");

    private static InputStream text(String s) {
        return new ByteArrayInputStream(s.getBytes(UTF_8));
    }

    @Test
    void aCommittedBackupRoundTripsWithSizesAndChecksums() throws IOException {
        BackupWriter writer = repository.begin();
        ManifestEntry roles = writer.put("db/roles.sql", EntryKind.DATABASE_ROLES, text("CREATE ROLE x;\n"));
        writer.put("tables/public.t.jsonl", EntryKind.TABLE_JSON, text("{\"a\":1}\n"), () -> Map.of("rows", "1"));
        Manifest committed = writer.commit(DumpMode.SUPABASE, source);

        assertThat(roles.size()).isEqualTo(15);
        assertThat(roles.sha256()).isEqualTo(sha256("CREATE ROLE x;\n"));
        BackupReader reader = repository.open("latest");
        assertThat(reader.manifest()).isEqualTo(committed);
        assertThat(reader.manifest().entry("tables/public.t.jsonl").orElseThrow().attributes()).containsEntry("rows", "1");
        try (InputStream in = reader.open(roles)) {
            assertThat(new String(in.readAllBytes(), UTF_8)).isEqualTo("CREATE ROLE x;\n");
        }
        assertThat(store.objects).containsKeys("config.json", "backups/2026-11-24T14-20-52Z/manifest.json");
    }

    @Test
    void aBackupWithoutManifestIsListedAsIncompleteAndRefused() {
        BackupWriter writer = repository.begin();
        writer.put("db/roles.sql", EntryKind.DATABASE_ROLES, text("x"));
        // the process dies here: no commit, no abort

        List<BackupSummary> list = repository.list();
        assertThat(list).singleElement().satisfies(s -> {
            assertThat(s.complete()).isFalse();
            assertThat(s.files()).isEqualTo(1);
        });
        assertThatThrownBy(() -> repository.open(list.get(0).id().value()))
                .isInstanceOfSatisfying(SupabackupException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.PARTIAL))
                .hasMessageContaining("incomplete");
        assertThatThrownBy(() -> repository.open("latest"))
                .isInstanceOfSatisfying(SupabackupException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.NOT_FOUND));
    }

    @Test
    void twoBackupsInTheSameSecondGetDistinctIds() {
        BackupWriter first = repository.begin();
        first.commit(DumpMode.SUPABASE, source);
        BackupWriter second = repository.begin();
        assertThat(second.id().value()).isEqualTo("2026-11-24T14-20-52Z-1");
    }

    @Test
    void abortRemovesWhatTheBackupWrote() {
        BackupWriter writer = repository.begin();
        writer.put("db/roles.sql", EntryKind.DATABASE_ROLES, text("x"));
        writer.abort();
        assertThat(store.objects.keySet()).containsExactly("config.json");
    }

    @Test
    void aCorruptFileFailsAtItsEndNamingIt() throws IOException {
        BackupWriter writer = repository.begin();
        ManifestEntry entry = writer.put("db/data.sql", EntryKind.DATABASE_DATA, text("COPY t FROM stdin;\n1\n\\.\n"));
        writer.commit(DumpMode.SUPABASE, source);
        byte[] stored = store.objects.get("backups/2026-11-24T14-20-52Z/db/data.sql");
        stored[stored.length / 2] ^= 1;

        try (InputStream in = repository.open("2026-11-24T14-20-52Z").open(entry)) {
            assertThatThrownBy(in::readAllBytes).isInstanceOf(IntegrityException.class)
                    .hasMessageContaining("db/data.sql").hasMessageContaining("corrupt");
        }
    }

    @Test
    void aTruncatedFileIsReportedAsTruncated() throws IOException {
        BackupWriter writer = repository.begin();
        ManifestEntry entry = writer.put("db/data.sql", EntryKind.DATABASE_DATA, text("0123456789"));
        writer.commit(DumpMode.SUPABASE, source);
        store.objects.put("backups/2026-11-24T14-20-52Z/db/data.sql", "01234".getBytes(UTF_8));
        try (InputStream in = repository.open("latest").open(entry)) {
            assertThatThrownBy(in::readAllBytes).isInstanceOf(IntegrityException.class).hasMessageContaining("truncated");
        }
    }

    @Test
    void aMissingRepositoryOrBackupIsNotFound() {
        assertThatThrownBy(repository::list)
                .isInstanceOfSatisfying(SupabackupException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.NOT_FOUND))
                .hasMessageContaining("no supabackup repository");
        repository.begin().commit(DumpMode.SUPABASE, source);
        assertThatThrownBy(() -> repository.open("2020-01-01T00-00-00Z"))
                .isInstanceOfSatisfying(SupabackupException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.NOT_FOUND));
        assertThatThrownBy(() -> repository.open("yesterday"))
                .isInstanceOfSatisfying(SupabackupException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.NOT_FOUND));
    }

    @Test
    void refusesToTakeOverALocationHoldingOtherFiles() throws IOException {
        store.save("holiday.jpg", text("not a backup"));
        assertThatThrownBy(repository::begin)
                .isInstanceOfSatisfying(SupabackupException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.USAGE))
                .hasMessageContaining("not a supabackup repository");
    }

    @Test
    void manifestSurvivesEncodingWithAwkwardText() {
        Manifest m = new Manifest(1, io.supabackup.domain.model.BackupId.at(clock.instant()), "t \"q\" \\ ü",
                clock.instant(), clock.instant(), DumpMode.FULL, new SourceInfo("db\nname", "17.2", ""),
                List.of(new ManifestEntry("tables/a%0022.jsonl", EntryKind.TABLE_JSON, 3, sha256("abc"), "zstd", "openpgp",
                        5, sha256("abcde"), Map.of("schema", "weird \"schema\"", "table", "日本"))),
                Optional.of(new EncryptionInfo("openpgp", List.of("0x1234ABCD5678EF90"), true)));
        assertThat(ManifestCodec.decode(ManifestCodec.encode(m))).isEqualTo(m);
    }

    private static String sha256(String s) {
        return java.util.HexFormat.of().formatHex(HashingInputStream.sha256().digest(s.getBytes(UTF_8)));
    }

    @Test
    void aBackupKnowsWhichBlobsAreStoredFromOneListingNotALookPerBlobTakenAheadWhenAsked() throws IOException {
        BackupWriter first = repository.begin();
        String kept = sha256("kept");
        first.putBlob(kept, text("kept"), "text/plain");
        String cutShort = sha256("cut short");
        store.save(ObjectStoreBackupRepository.blobKey(cutShort), text("cut short")); // no description: unfinished
        first.commit(DumpMode.SUPABASE, source);
        java.util.concurrent.atomic.AtomicIntegerArray looks = new java.util.concurrent.atomic.AtomicIntegerArray(2);
        ObjectStoreBackupRepository counted = new ObjectStoreBackupRepository(new io.supabackup.domain.port.out.ObjectStore() {
            @Override
            public void save(String key, InputStream content) throws IOException {
                store.save(key, content);
            }

            @Override
            public InputStream load(String key) throws IOException {
                return store.load(key);
            }

            @Override
            public Optional<io.supabackup.domain.port.out.ObjectInfo> stat(String key) {
                if (key.startsWith(ObjectStoreBackupRepository.BLOBS)) {
                    looks.incrementAndGet(0);
                }
                return store.stat(key);
            }

            @Override
            public void list(String prefix, java.util.function.Consumer<io.supabackup.domain.port.out.ObjectInfo> consumer) {
                if (prefix.startsWith(ObjectStoreBackupRepository.BLOBS)) {
                    looks.incrementAndGet(1);
                }
                store.list(prefix, consumer);
            }

            @Override
            public void delete(String key) {
                store.delete(key);
            }

            @Override
            public boolean exists() {
                return true;
            }

            @Override
            public String location() {
                return store.location();
            }
        }, clock, "supabackup test");

        BackupWriter second = counted.begin();
        // the hint lists in the background, before any question is asked
        second.expectBlobChecks();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (looks.get(1) == 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(looks.get(1)).as("listings of blobs/ after the hint alone").isEqualTo(1);
        String added = sha256("added");
        assertThat(second.blobExists(kept)).isTrue();
        assertThat(second.blobExists(cutShort)).as("a blob without its description").isFalse();
        assertThat(second.blobExists(added)).isFalse();
        second.putBlob(added, text("added"), "text/plain");
        assertThat(second.blobExists(added)).as("stored by this backup").isTrue();
        assertThat(second.blobExists(kept)).isTrue();
        assertThat(new int[] {looks.get(0), looks.get(1)}).as("looks at single blobs, listings of blobs/")
                .containsExactly(0, 1);
        second.commit(DumpMode.SUPABASE, source);
    }
}
