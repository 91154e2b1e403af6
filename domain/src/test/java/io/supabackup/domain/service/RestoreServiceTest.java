package io.supabackup.domain.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import io.supabackup.domain.model.BackupId;
import io.supabackup.domain.model.DatabaseEndpoint;
import io.supabackup.domain.model.DatabaseInfo;
import io.supabackup.domain.model.DumpKind;
import io.supabackup.domain.model.DumpMode;
import io.supabackup.domain.model.Manifest;
import io.supabackup.domain.model.ManifestEntry;
import io.supabackup.domain.model.SourceInfo;
import io.supabackup.domain.port.in.RestoreCommand;
import io.supabackup.domain.port.out.BackupRepository;
import io.supabackup.domain.port.out.BackupRepository.BackupReader;
import io.supabackup.domain.port.out.Confirmer;
import io.supabackup.domain.port.out.DatabaseImporter;
import io.supabackup.domain.port.out.ProgressListener;
import io.supabackup.domain.port.out.SqlDump;
import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

class RestoreServiceTest {
    private final BackupRepository repository = mock(BackupRepository.class);
    private final BackupReader reader = mock(BackupReader.class);
    private final DatabaseImporter importer = mock(DatabaseImporter.class);
    private final Confirmer confirmer = mock(Confirmer.class);
    private final RestoreService service = new RestoreService(repository, importer, confirmer, ProgressListener.NONE,
            Clock.systemUTC(), () -> {
                throw new AssertionError("no Auth API in these tests");
            }, () -> {
                throw new AssertionError("no Storage API in these tests");
            });
    private final DatabaseEndpoint target = DatabaseEndpoint.parse("postgresql://postgres:s3cret@new-project:5432/postgres");

    @BeforeEach
    void aCompleteSupabaseBackup() {
        List<ManifestEntry> entries = new ArrayList<>();
        for (DumpKind kind : DumpMode.SUPABASE.dumps()) {
            entries.add(new ManifestEntry(kind.path(), kind.entryKind(), 1, "0".repeat(64)));
        }
        Manifest manifest = new Manifest(1, BackupId.at(Instant.parse("2026-11-24T14:20:52Z")), "test", Instant.now(),
                Instant.now(), DumpMode.SUPABASE, new SourceInfo("postgres", "15.8", "15.18"), entries);
        when(repository.open("latest")).thenReturn(reader);
        when(reader.manifest()).thenReturn(manifest);
        when(reader.open(any())).thenAnswer(call -> new ByteArrayInputStream(new byte[] {'\n'}));
    }

    private RestoreCommand command(boolean force, boolean yes, boolean fromJson) {
        return new RestoreCommand("latest", target, force, yes, fromJson, 1);
    }

    @Test
    void aTargetWithUserTablesIsRefusedWithoutForce() {
        when(importer.inspect(target)).thenReturn(new DatabaseInfo("15.8", 15, "15.18", 4));
        assertThatThrownBy(() -> service.restore(command(false, true, false)))
                .isInstanceOfSatisfying(SupabackupException.class, e -> {
                    assertThat(e.kind()).isEqualTo(FailureKind.REFUSED);
                    assertThat(e.hint()).contains("--force");
                })
                .hasMessageContaining("4 table(s)").hasMessageNotContaining("s3cret");
        verify(importer, never()).restore(any(), anyList());
    }

    @Test
    void asksBeforeRestoringAndNamesTheTargetWithoutItsPassword() {
        when(importer.inspect(target)).thenReturn(new DatabaseInfo("15.8", 15, "15.18", 0));
        when(confirmer.confirm(any())).thenReturn(false);

        assertThatThrownBy(() -> service.restore(command(false, false, false)))
                .isInstanceOfSatisfying(SupabackupException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.REFUSED));
        ArgumentCaptor<String> question = ArgumentCaptor.forClass(String.class);
        verify(confirmer).confirm(question.capture());
        assertThat(question.getValue()).contains("new-project").contains("2026-11-24T14-20-52Z").doesNotContain("s3cret");
        verify(importer, never()).restore(any(), anyList());
    }

    @Test
    void replaysEveryDumpInOneCallSoThatOneTransactionHoldsThemAll() {
        when(importer.inspect(target)).thenReturn(new DatabaseInfo("15.8", 15, "15.18", 0));
        service.restore(command(false, true, false));

        @SuppressWarnings("unchecked")
        ArgumentCaptor<List<SqlDump>> dumps = ArgumentCaptor.forClass(List.class);
        verify(importer).restore(eq(target), dumps.capture());
        assertThat(dumps.getValue()).extracting(SqlDump::kind)
                .containsExactly(DumpKind.ROLES, DumpKind.SCHEMA, DumpKind.DATA, DumpKind.PLATFORM);
        verify(confirmer, never()).confirm(any());
    }

    @Test
    void fromJsonNeedsAJsonExport() {
        assertThatThrownBy(() -> service.restore(command(false, true, true)))
                .isInstanceOfSatisfying(SupabackupException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.USAGE))
                .hasMessageContaining("no JSON export");
        verify(importer, never()).inspect(any());
    }
}
