package io.supabackup.domain.service;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.supabackup.domain.model.BackupId;
import io.supabackup.domain.model.DumpMode;
import io.supabackup.domain.model.EntryKind;
import io.supabackup.domain.model.SourceInfo;
import io.supabackup.domain.port.in.VerifyCommand;
import io.supabackup.domain.port.in.VerifyReport;
import io.supabackup.domain.port.out.BackupRepository.BackupWriter;
import io.supabackup.domain.port.out.Compressor;
import io.supabackup.domain.port.out.ProgressListener;
import io.supabackup.domain.repository.InMemoryObjectStore;
import io.supabackup.domain.repository.MutableClock;
import io.supabackup.domain.repository.ObjectStoreBackupRepository;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VerifyServiceTest {
    private final InMemoryObjectStore store = new InMemoryObjectStore();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-01T03:00:00Z"));
    private final ObjectStoreBackupRepository repository = new ObjectStoreBackupRepository(store, clock, "test",
            Compressor.NONE, null);
    private final VerifyService verify = new VerifyService(repository, ProgressListener.NONE, clock);
    private final MemoryBuckets buckets = new MemoryBuckets().put("a.txt", "alpha").put("b/c.txt", "gamma");

    private BackupId backup() {
        clock.advance(Duration.ofHours(1));
        BackupWriter writer = repository.begin();
        writer.put("db/data.sql", EntryKind.DATABASE_DATA, new ByteArrayInputStream("COPY t FROM stdin;\n\\.\n".getBytes(UTF_8)));
        StorageTransfer.backup(buckets, writer, Map.of(), Set.of(), 2, new StepProgress("test", ProgressListener.NONE));
        writer.put("auth/users.jsonl", EntryKind.AUTH_USERS, new ByteArrayInputStream("{}\n".getBytes(UTF_8)));
        return writer.commit(DumpMode.SUPABASE, new SourceInfo("postgres", "15.8", "15.8")).id();
    }

    private String keyOf(String suffix) {
        return store.objects.keySet().stream().filter(k -> k.endsWith(suffix)).findFirst().orElseThrow();
    }

    @Test
    void anIntactBackupVerifiesComponentByComponent() {
        backup();
        VerifyReport report = verify.verify(new VerifyCommand("latest", false, false));
        assertThat(report.ok()).isTrue();
        VerifyReport.BackupCheck check = report.backups().get(0);
        assertThat(check.components()).extracting(VerifyReport.ComponentCheck::component)
                .containsExactly("database", "storage", "auth");
        // buckets.jsonl, index.jsonl and the two files
        assertThat(check.components().get(1).files()).isEqualTo(4);
    }

    @Test
    void aFlippedByteIsFoundByAFullVerifyButNotByAQuickOne() {
        BackupId id = backup();
        byte[] data = store.objects.get(keyOf("db/data.sql"));
        data[0] ^= 1;

        assertThat(verify.verify(new VerifyCommand(id.value(), false, true)).ok()).isTrue();
        VerifyReport full = verify.verify(new VerifyCommand(id.value(), false, false));
        assertThat(full.ok()).isFalse();
        assertThat(full.failures()).singleElement().asString().contains(id.value()).contains("db/data.sql");
    }

    @Test
    void aMissingOrCutStorageFileIsNamedWithTheObjectItHolds() {
        backup();
        String blob = store.objects.keySet().stream().filter(k -> k.startsWith("blobs/") && !k.endsWith(".json"))
                .findFirst().orElseThrow();
        byte[] bytes = store.objects.get(blob);
        store.objects.put(blob, java.util.Arrays.copyOf(bytes, bytes.length - 1));

        VerifyReport quick = verify.verify(new VerifyCommand(null, false, true));
        assertThat(quick.failures()).singleElement().asString().contains(blob).contains("files/");

        store.objects.remove(blob);
        VerifyReport full = verify.verify(new VerifyCommand(null, false, false));
        assertThat(full.failures()).singleElement().asString().contains("missing").contains("files/");
    }

    @Test
    void allChecksEveryCompleteBackupReadsSharedFilesOnceAndListsIncompleteOnes() {
        BackupId first = backup();
        BackupId second = backup();
        clock.advance(Duration.ofMinutes(1));
        repository.begin(); // still running, or killed
        VerifyReport report = verify.verify(new VerifyCommand(null, true, false));
        assertThat(report.backups()).extracting(VerifyReport.BackupCheck::id).containsExactly(first, second);
        assertThat(report.incomplete()).hasSize(1);
        assertThat(report.ok()).isTrue();
        long storageFilesSecond = report.backups().get(1).components().stream()
                .filter(c -> c.component().equals("storage")).findFirst().orElseThrow().files();
        assertThat(storageFilesSecond).as("shared blobs were read with the first backup").isEqualTo(2);
    }

    @Test
    void aDamagedManifestIsReportedAsAProblemOfThatBackup() {
        BackupId first = backup();
        backup();
        store.objects.put("backups/" + first.value() + "/manifest.json", "{broken".getBytes(UTF_8));
        VerifyReport report = verify.verify(new VerifyCommand(null, true, false));
        assertThat(report.ok()).isFalse();
    }
}
