package io.supabackup.domain.service;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import io.supabackup.domain.model.DatabaseEndpoint;
import io.supabackup.domain.model.DumpMode;
import io.supabackup.domain.model.EntryKind;
import io.supabackup.domain.model.SourceInfo;
import io.supabackup.domain.model.TableStats;
import io.supabackup.domain.port.in.VerifyReport.ComponentCheck;
import io.supabackup.domain.port.out.BackupRepository.BackupWriter;
import io.supabackup.domain.port.out.DatabaseExporter;
import io.supabackup.domain.port.out.DatabaseImporter;
import io.supabackup.domain.port.out.ScratchDatabases;
import io.supabackup.domain.repository.InMemoryObjectStore;
import io.supabackup.domain.repository.MutableClock;
import io.supabackup.domain.repository.ObjectStoreBackupRepository;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RestoreDrillTest {
    private final ObjectStoreBackupRepository repository = new ObjectStoreBackupRepository(new InMemoryObjectStore(),
            new MutableClock(Instant.parse("2026-11-01T03:00:00Z")), "test");
    private final ScratchDatabases scratches = mock(ScratchDatabases.class);
    private final ScratchDatabases.Scratch scratch = mock(ScratchDatabases.Scratch.class);
    private final DatabaseImporter importer = mock(DatabaseImporter.class);
    private final DatabaseExporter exporter = mock(DatabaseExporter.class);
    private final DatabaseEndpoint target = DatabaseEndpoint.parse("postgresql://u:p@localhost:5432/drill");
    private static final TableStats CUSTOMERS = new TableStats("app", "customers", 3, "0".repeat(31) + "7");

    private void backup(List<TableStats> recorded) {
        BackupWriter writer = repository.begin();
        writer.put("db/data.sql", EntryKind.DATABASE_DATA, new ByteArrayInputStream("-- data\n".getBytes(UTF_8)));
        writer.put(TableStatsFile.PATH, EntryKind.DATABASE_STATS, new ByteArrayInputStream(TableStatsFile.write(recorded)));
        writer.commit(DumpMode.SUPABASE, new SourceInfo("postgres", "15.8", "15.18"));
    }

    private ComponentCheck drill(java.util.function.Function<io.supabackup.domain.port.in.RestoreCommand, ?> restore) {
        when(scratches.create(anyInt())).thenReturn(scratch);
        when(scratch.endpoint()).thenReturn(target);
        when(scratch.description()).thenReturn("a scratch");
        return new RestoreDrill(scratches, importer, exporter, restore).run(repository.open("latest"));
    }

    @Test
    void aTableThatCameBackDifferentIsAFailureNamingIt() {
        backup(List.of(CUSTOMERS));
        when(exporter.tableStats(target, DumpMode.SUPABASE)).thenReturn(List.of(
                new TableStats("app", "customers", 2, "0".repeat(31) + "5")));
        ComponentCheck check = drill(command -> null);
        assertThat(check.failures()).singleElement().asString().contains("app.customers").contains("backup 3")
                .contains("restored 2");
        verify(scratch).close();
    }

    @Test
    void theRestoreRunsIntoTheScratchWithForceAndWithoutAsking() {
        backup(List.of(CUSTOMERS));
        when(exporter.tableStats(target, DumpMode.SUPABASE)).thenReturn(List.of(CUSTOMERS));
        AtomicInteger restores = new AtomicInteger();
        ComponentCheck check = drill(command -> {
            assertThat(command.target()).isEqualTo(target);
            assertThat(command.force()).isTrue();
            assertThat(command.assumeYes()).isTrue();
            restores.incrementAndGet();
            return null;
        });
        assertThat(check.ok()).isTrue();
        assertThat(check.files()).isEqualTo(1);
        assertThat(check.bytes()).isEqualTo(3);
        assertThat(restores).hasValue(1);
        verify(importer).prepareScratch(any(), any());
    }

    @Test
    void aRestoreThatFailsIsAFailureAndTheScratchStillGoes() {
        backup(List.of(CUSTOMERS));
        ComponentCheck check = drill(command -> {
            throw new SupabackupException(FailureKind.DATABASE, "relation \"x\" does not exist");
        });
        assertThat(check.failures()).singleElement().asString().startsWith("the restore failed").contains("relation");
        verify(scratch).close();
    }

    @Test
    void theServerMajorComesFromTheBackupsServerVersion() {
        assertThat(RestoreDrill.major("15.8")).isEqualTo(15);
        assertThat(RestoreDrill.major("17.2 (Debian 17.2-1)")).isEqualTo(17);
    }
}
