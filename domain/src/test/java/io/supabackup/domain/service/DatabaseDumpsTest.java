package io.supabackup.domain.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import io.supabackup.domain.model.DatabaseEndpoint;
import io.supabackup.domain.model.DatabaseInfo;
import io.supabackup.domain.model.DumpKind;
import io.supabackup.domain.model.DumpMode;
import io.supabackup.domain.model.Manifest;
import io.supabackup.domain.model.ManifestEntry;
import io.supabackup.domain.model.TableStats;
import io.supabackup.domain.port.in.BackupCommand;
import io.supabackup.domain.port.out.DatabaseExporter;
import io.supabackup.domain.port.out.ProgressListener;
import io.supabackup.domain.port.out.StreamConsumer;
import io.supabackup.domain.port.out.TableSink;
import io.supabackup.domain.repository.InMemoryObjectStore;
import io.supabackup.domain.repository.ObjectStoreBackupRepository;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The dumps of a backup: the small ones beside the data dump, listed in the mode's order all the same. */
class DatabaseDumpsTest {
    private static final String DATA = "SET client_encoding = 'UTF8';\nCOPY \"public\".\"t\" (\"a\") FROM stdin;\n1\n2\n\\.\n";
    private final DatabaseEndpoint source = DatabaseEndpoint.parse("postgresql://postgres:pw@db:5432/postgres");
    private final InMemoryObjectStore store = new InMemoryObjectStore();
    private final ObjectStoreBackupRepository repository = new ObjectStoreBackupRepository(store, Clock.systemUTC(),
            "supabackup test");
    /** Opens once every small dump of the mode has been stored. */
    private final CountDownLatch smallDumpsStored = new CountDownLatch(3);
    private final Map<DumpKind, String> failures = new ConcurrentHashMap<>();
    /** When set, the data dump's rows go on for a gibibyte, and this counts the bytes it gave out. */
    private java.util.concurrent.atomic.AtomicLong longDataServed;
    private static final long LONG_DATA = 1L << 30;

    /** Dumps whose data dump streams its last rows only once the small dumps are all stored. */
    private final DatabaseExporter exporter = new DatabaseExporter() {
        @Override
        public DatabaseInfo inspect(DatabaseEndpoint endpoint) {
            return new DatabaseInfo("15.8", 15, "15.18", 1);
        }

        @Override
        public void dump(DatabaseEndpoint endpoint, DumpKind kind, StreamConsumer consumer) {
            if (failures.containsKey(kind)) {
                throw new SupabackupException(FailureKind.DATABASE, failures.get(kind));
            }
            try {
                if (kind == DumpKind.DATA && longDataServed != null) {
                    byte[] head = DATA.substring(0, DATA.indexOf("stdin;\n") + 7).getBytes(StandardCharsets.UTF_8);
                    java.util.concurrent.atomic.AtomicLong served = longDataServed;
                    consumer.accept(new SequenceInputStream(new ByteArrayInputStream(head), new InputStream() {
                        // rows "1", one after the other: byte i of the rows is '1' when i is even, else a newline
                        @Override
                        public int read() {
                            long at = served.get();
                            if (at >= LONG_DATA) {
                                return -1;
                            }
                            served.incrementAndGet();
                            return at % 2 == 0 ? '1' : '\n';
                        }

                        @Override
                        public int read(byte[] b, int off, int len) {
                            long at = served.get();
                            if (at >= LONG_DATA) {
                                return -1;
                            }
                            int n = (int) Math.min(len, LONG_DATA - at);
                            for (int i = 0; i < n; i++) {
                                b[off + i] = (at + i) % 2 == 0 ? (byte) '1' : (byte) '\n';
                            }
                            served.addAndGet(n);
                            return n;
                        }
                    }));
                } else if (kind == DumpKind.DATA) {
                    byte[] head = DATA.substring(0, 40).getBytes(StandardCharsets.UTF_8);
                    InputStream rest = new InputStream() {
                        private InputStream tail;

                        @Override
                        public int read() throws IOException {
                            if (tail == null) {
                                try {
                                    if (!smallDumpsStored.await(20, TimeUnit.SECONDS)) {
                                        throw new IOException("the small dumps did not run beside the data dump");
                                    }
                                } catch (InterruptedException e) {
                                    throw new java.io.InterruptedIOException();
                                }
                                tail = new ByteArrayInputStream(DATA.substring(40).getBytes(StandardCharsets.UTF_8));
                            }
                            return tail.read();
                        }
                    };
                    consumer.accept(new SequenceInputStream(new ByteArrayInputStream(head), rest));
                } else {
                    consumer.accept(new ByteArrayInputStream(("-- " + kind + "\n").getBytes(StandardCharsets.UTF_8)) {
                        @Override
                        public synchronized int read(byte[] b, int off, int len) {
                            int n = super.read(b, off, len);
                            if (n < 0) {
                                smallDumpsStored.countDown();
                            }
                            return n;
                        }
                    });
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void exportTables(DatabaseEndpoint endpoint, TableSink sink) {
        }

        @Override
        public void exportSequences(DatabaseEndpoint endpoint, StreamConsumer consumer) {
        }

        @Override
        public List<TableStats> tableStats(DatabaseEndpoint endpoint, DumpMode mode) {
            return List.of();
        }
    };

    private final BackupService service = new BackupService(exporter, repository, ProgressListener.NONE,
            Clock.systemUTC(), () -> null, () -> null);

    @Test
    void theSmallDumpsRunBesideTheDataDumpAndTheManifestListsThemInTheModesOrder() {
        Manifest manifest = service.backup(new BackupCommand(source, DumpMode.SUPABASE, false)).manifest();

        assertThat(manifest.entries()).extracting(ManifestEntry::path).containsExactly("db/roles.sql",
                "db/schema.sql", "db/data.sql", "db/platform.sql", "db/platform-schema.sql", TableStatsFile.PATH);
        assertThat(manifest.entry(TableStatsFile.PATH).orElseThrow().attributes()).containsEntry("rows", "2");
    }

    @Test
    void aSmallDumpThatFailsFailsTheBackupOnceNothingWritesAndLeavesNothingBehind() {
        failures.put(DumpKind.SCHEMA, "pg_dump failed: permission denied for schema app");
        smallDumpsStored.countDown(); // the schema dump never gets that far

        assertThatThrownBy(() -> service.backup(new BackupCommand(source, DumpMode.SUPABASE, false)))
                .hasMessageContaining("permission denied");

        Predicate<String> ofABackup = key -> key.startsWith("backups/");
        assertThat(store.objects.keySet()).noneMatch(ofABackup);
    }

    @Test
    void theDataDumpFailingStillWaitsForTheSmallOnesBeforeItAborts() {
        failures.put(DumpKind.DATA, "pg_dump failed: connection lost");

        long start = System.nanoTime();
        assertThatThrownBy(() -> service.backup(new BackupCommand(source, DumpMode.SUPABASE, false)))
                .hasMessageContaining("connection lost");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(store.objects.keySet()).noneMatch(key -> key.startsWith("backups/"));
    }

    @Test
    void aSmallDumpThatFailsStopsTheDataDumpInsteadOfLettingItRunToItsEnd() {
        longDataServed = new java.util.concurrent.atomic.AtomicLong();
        failures.put(DumpKind.SCHEMA, "pg_dump failed: permission denied for schema app");

        assertThatThrownBy(() -> service.backup(new BackupCommand(source, DumpMode.SUPABASE, false)))
                .hasMessageContaining("permission denied for schema app");

        assertThat(longDataServed.get()).as("bytes of the data dump read before it stopped").isLessThan(LONG_DATA / 8);
        assertThat(store.objects.keySet()).noneMatch(key -> key.startsWith("backups/"));
    }
}
