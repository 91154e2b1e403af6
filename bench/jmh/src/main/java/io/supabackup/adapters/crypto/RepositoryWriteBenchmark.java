package io.supabackup.adapters.crypto;

import io.supabackup.adapters.storage.local.LocalObjectStores;
import io.supabackup.bench.DumpText;
import io.supabackup.domain.model.EntryKind;
import io.supabackup.domain.model.ManifestEntry;
import io.supabackup.domain.port.out.BackupRepository.BackupWriter;
import io.supabackup.domain.repository.ObjectStoreBackupRepository;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The repository's write path as a backup's data dump takes it: a stream put into a backup in a local
 * repository, hashed, zstd-compressed and, with {@code encryption=openpgp}, encrypted to a public key.
 * The repository lives in {@code -Dbench.dir} (default /dev/shm where there is one), so that the disk's
 * fsync does not drown the CPU work. In this package because the encryptor is made without the wiring.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class RepositoryWriteBenchmark {
    @Param("32")
    int mib;

    @Param({"none", "openpgp"})
    String encryption;

    private byte[] content;
    private Path work;
    private ObjectStoreBackupRepository repository;
    private BackupWriter writer;

    @Setup(Level.Trial)
    public void prepare() throws IOException {
        content = DumpText.generate(mib << 20);
        Path shm = Path.of("/dev/shm");
        Path parent = Path.of(System.getProperty("bench.dir",
                Files.isDirectory(shm) && Files.isWritable(shm) ? shm.toString() : System.getProperty("java.io.tmpdir")));
        work = Files.createTempDirectory(parent, "supabackup-jmh");
        PgpEncryptor encryptor = null;
        if (encryption.equals("openpgp")) {
            KeyGenerator.GeneratedKey key = KeyGenerator.generate("bench <bench@example.com>", "bench".toCharArray(),
                    work.resolve("public.asc"), work.resolve("secret.asc"));
            encryptor = new PgpEncryptor(new CryptoConfig(List.of(key.publicKeyFile()), null, null, null,
                    Compression.DEFAULT));
        }
        repository = new ObjectStoreBackupRepository(LocalObjectStores.open(work.resolve("repo")), Clock.systemUTC(),
                "supabackup benchmarks", Compression.DEFAULT, encryptor);
    }

    @Setup(Level.Invocation)
    public void begin() {
        writer = repository.begin();
    }

    @Benchmark
    public ManifestEntry put() {
        return writer.put("db/data.sql", EntryKind.DATABASE_DATA, new ByteArrayInputStream(content));
    }

    @TearDown(Level.Invocation)
    public void abort() {
        writer.abort();
    }

    @TearDown(Level.Trial)
    public void remove() throws IOException {
        try (Stream<Path> paths = Files.walk(work)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
