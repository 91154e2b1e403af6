package io.supabackup.domain.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import io.supabackup.domain.model.DatabaseEndpoint;
import io.supabackup.domain.model.DatabaseInfo;
import io.supabackup.domain.model.DumpKind;
import io.supabackup.domain.model.DumpMode;
import io.supabackup.domain.model.EntryKind;
import io.supabackup.domain.model.ManifestEntry;
import io.supabackup.domain.port.in.BackupCommand;
import io.supabackup.domain.port.out.BackupRepository;
import io.supabackup.domain.port.out.BackupRepository.BackupWriter;
import io.supabackup.domain.port.out.DatabaseExporter;
import io.supabackup.domain.port.out.ProgressListener;
import io.supabackup.domain.port.out.StreamConsumer;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

class BackupServiceTest {
    private static final String SHA = "0".repeat(64);
    private final DatabaseExporter exporter = mock(DatabaseExporter.class);
    private final BackupRepository repository = mock(BackupRepository.class);
    private final BackupWriter writer = mock(BackupWriter.class);
    private final BackupService service = new BackupService(exporter, repository, ProgressListener.NONE,
            Clock.systemUTC(), () -> {
                throw new AssertionError("no Auth API in these tests");
            }, () -> {
                throw new AssertionError("no Storage API in these tests");
            });
    private final DatabaseEndpoint source = DatabaseEndpoint.parse("postgresql://postgres:pw@db:5432/postgres");

    private void dumpsProduce(String content) {
        doAnswer(call -> {
            StreamConsumer consumer = call.getArgument(2);
            consumer.accept(new ByteArrayInputStream(content.getBytes()));
            return null;
        }).when(exporter).dump(eq(source), any(), any());
        when(writer.put(any(), any(), any(InputStream.class))).thenAnswer(call -> {
            ((InputStream) call.getArgument(2)).readAllBytes();
            return new ManifestEntry(call.getArgument(0), call.getArgument(1), content.length(), SHA);
        });
    }

    @Test
    void anUnreachableDatabaseFailsBeforeAnythingIsWritten() {
        when(exporter.inspect(source)).thenThrow(new SupabackupException(FailureKind.DATABASE, "cannot reach db:5432"));
        assertThatThrownBy(() -> service.backup(new BackupCommand(source, DumpMode.SUPABASE, false)))
                .hasMessageContaining("cannot reach");
        verify(repository, never()).begin();
    }

    @Test
    void takesEveryDumpOfTheModeInOrderAndCommitsLast() {
        when(exporter.inspect(source)).thenReturn(new DatabaseInfo("15.8", 15, "15.18", 3));
        when(repository.begin()).thenReturn(writer);
        dumpsProduce("SELECT 1;\n");

        service.backup(new BackupCommand(source, DumpMode.SUPABASE, false));

        InOrder order = inOrder(writer);
        order.verify(writer).put(eq("db/roles.sql"), eq(EntryKind.DATABASE_ROLES), any(InputStream.class));
        order.verify(writer).put(eq("db/schema.sql"), eq(EntryKind.DATABASE_SCHEMA), any(InputStream.class));
        order.verify(writer).put(eq("db/data.sql"), eq(EntryKind.DATABASE_DATA), any(InputStream.class));
        order.verify(writer).put(eq("db/platform.sql"), eq(EntryKind.DATABASE_PLATFORM), any(InputStream.class));
        order.verify(writer).commit(eq(DumpMode.SUPABASE), any());
        verify(writer, never()).abort();
    }

    @Test
    void aDumpThatFailsHalfWayAbortsTheBackupAndNeverCommits() {
        when(exporter.inspect(source)).thenReturn(new DatabaseInfo("15.8", 15, "15.18", 3));
        when(repository.begin()).thenReturn(writer);
        dumpsProduce("SELECT 1;\n");
        doThrow(new SupabackupException(FailureKind.DATABASE, "pg_dump failed: connection lost"))
                .when(exporter).dump(eq(source), eq(DumpKind.DATA), any());

        assertThatThrownBy(() -> service.backup(new BackupCommand(source, DumpMode.SUPABASE, false)))
                .hasMessageContaining("connection lost");
        verify(writer).abort();
        verify(writer, never()).commit(any(), any());
    }

    @Test
    void tableExportsRecordTheirRowCounts() {
        when(exporter.inspect(source)).thenReturn(new DatabaseInfo("15.8", 15, "15.18", 3));
        when(repository.begin()).thenReturn(writer);
        dumpsProduce("x");
        doAnswer(call -> {
            io.supabackup.domain.port.out.TableSink sink = call.getArgument(1);
            sink.accept(new io.supabackup.domain.model.TableRef("public", "todo list"),
                    new ByteArrayInputStream("{}\n{}\n".getBytes()), () -> 2L);
            return null;
        }).when(exporter).exportTables(eq(source), any());
        when(writer.put(eq("tables/public.todo%0020list.jsonl"), eq(EntryKind.TABLE_JSON), any(InputStream.class), any()))
                .thenAnswer(call -> {
                    @SuppressWarnings("unchecked")
                    Map<String, String> attributes = ((java.util.function.Supplier<Map<String, String>>) call.getArgument(3)).get();
                    assertThat(attributes).containsEntry("rows", "2").containsEntry("table", "todo list");
                    return new ManifestEntry(call.getArgument(0), EntryKind.TABLE_JSON, 6, SHA);
                });

        service.backup(new BackupCommand(source, DumpMode.SUPABASE, true, false,
                io.supabackup.domain.port.in.StorageSelection.NONE, true));
        verify(writer).put(eq("tables/public.todo%0020list.jsonl"), eq(EntryKind.TABLE_JSON), any(InputStream.class), any());
        verify(exporter).exportSequences(eq(source), any());
    }
}
