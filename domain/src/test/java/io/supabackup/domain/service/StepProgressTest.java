package io.supabackup.domain.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.supabackup.domain.model.DatabaseEndpoint;
import io.supabackup.domain.model.DatabaseInfo;
import io.supabackup.domain.model.DumpMode;
import io.supabackup.domain.model.ManifestEntry;
import io.supabackup.domain.port.in.BackupCommand;
import io.supabackup.domain.port.out.BackupRepository;
import io.supabackup.domain.port.out.BackupRepository.BackupWriter;
import io.supabackup.domain.port.out.DatabaseExporter;
import io.supabackup.domain.port.out.ProgressListener;
import io.supabackup.domain.port.out.StreamConsumer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/** How a running step reports its advance: what the listener hears, and from where. */
class StepProgressTest {
    /** Adds up what it hears, per step, and keeps the order of starts and ends. */
    static final class Recording implements ProgressListener {
        final Map<String, LongAdder> bytes = new ConcurrentHashMap<>();
        final LongAdder calls = new LongAdder();
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void stepStarted(String step) {
            events.add("start " + step);
        }

        @Override
        public void advanced(String step, long moreBytes, long items) {
            calls.increment();
            bytes.computeIfAbsent(step, s -> new LongAdder()).add(moreBytes);
        }

        @Override
        public void stepFinished(String step, long written, Duration took) {
            events.add("finish " + step);
        }

        @Override
        public void stepFailed(String step, Duration took) {
            events.add("fail " + step);
        }

        long bytes(String step) {
            LongAdder sum = bytes.get(step);
            return sum == null ? 0 : sum.sum();
        }
    }

    private final Recording listener = new Recording();
    private final StepProgress progress = new StepProgress("s", listener);

    @Test
    void aCountingStreamReportsEveryByteReadWhateverTheWayItIsRead() throws IOException {
        try (InputStream in = progress.counting(new ByteArrayInputStream(new byte[100_000]))) {
            for (int i = 0; i < 20_000; i++) {
                assertThat(in.read()).isZero();
            }
            assertThat(in.read(new byte[30_000])).isEqualTo(30_000);
            assertThat(in.skip(10_000)).isEqualTo(10_000);
            in.transferTo(java.io.OutputStream.nullOutputStream());
            assertThat(in.read()).isEqualTo(-1);
        }
        assertThat(listener.bytes("s")).isEqualTo(100_000);
    }

    @Test
    void singleByteReadsAreReportedInBatchesNotOneCallPerByte() throws IOException {
        try (InputStream in = progress.counting(new ByteArrayInputStream(new byte[50_000]))) {
            while (in.read() >= 0) {
                // read it all, one byte at a time
            }
        }
        assertThat(listener.bytes("s")).isEqualTo(50_000);
        assertThat(listener.calls.sum()).isLessThanOrEqualTo(7);
    }

    @Test
    void bytesReadButNotYetReportedArePassedOnAtClose() throws IOException {
        InputStream in = progress.counting(new ByteArrayInputStream(new byte[10]));
        in.read();
        in.read();
        assertThat(listener.bytes("s")).isZero();
        in.close();
        assertThat(listener.bytes("s")).isEqualTo(2);
    }

    @Test
    void aCountingStreamRefusesMarkAndResetSoThatNoByteCountsTwice() {
        InputStream in = progress.counting(new ByteArrayInputStream(new byte[10]));
        assertThat(in.markSupported()).isFalse();
        in.mark(5);
        assertThatThrownBy(in::reset).isInstanceOf(IOException.class);
    }

    @Test
    void aFailingStepIsReportedAsFailedAndNotAsFinished() {
        Steps steps = new Steps(listener, Clock.systemUTC());
        assertThatThrownBy(() -> steps.run("broken", () -> {
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        steps.run("fine", () -> 0);
        assertThat(listener.events).containsExactly("start broken", "fail broken", "start fine", "finish fine");
    }

    @Test
    void databaseDumpsReportTheBytesTheyStreamUnderTheirStep() {
        DatabaseExporter exporter = mock(DatabaseExporter.class);
        BackupRepository repository = mock(BackupRepository.class);
        BackupWriter writer = mock(BackupWriter.class);
        DatabaseEndpoint source = DatabaseEndpoint.parse("postgresql://postgres:pw@db:5432/postgres");
        when(exporter.inspect(source)).thenReturn(new DatabaseInfo("15.8", 15, "15.18", 0));
        when(repository.begin()).thenReturn(writer);
        doAnswer(call -> {
            StreamConsumer consumer = call.getArgument(2);
            consumer.accept(new ByteArrayInputStream(new byte[123_456]));
            return null;
        }).when(exporter).dump(eq(source), any(), any());
        when(writer.put(any(), any(), any(InputStream.class))).thenAnswer(call -> {
            ((InputStream) call.getArgument(2)).readAllBytes();
            return new ManifestEntry(call.getArgument(0), call.getArgument(1), 99, "0".repeat(64));
        });
        BackupService service = new BackupService(exporter, repository, listener, Clock.systemUTC(), () -> {
            throw new AssertionError("no Auth API here");
        }, () -> {
            throw new AssertionError("no Storage API here");
        });

        service.backup(new BackupCommand(source, DumpMode.SUPABASE, false));

        List<String> dumpSteps = new java.util.ArrayList<>(DumpMode.SUPABASE.dumps().stream()
                .map(d -> "dump " + d.name().toLowerCase(java.util.Locale.ROOT)).toList());
        dumpSteps.add("dump platform schema");
        assertThat(dumpSteps).contains("dump roles", "dump schema", "dump data");
        assertThat(listener.bytes).containsOnlyKeys(dumpSteps);
        dumpSteps.forEach(step -> assertThat(listener.bytes(step)).as(step).isEqualTo(123_456));
    }
}
