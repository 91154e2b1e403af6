package io.supabackup.domain.repository;

import io.supabackup.bench.DumpText;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The SHA-256 and byte count every stored file goes through, twice when it is compressed or encrypted
 * (the content and the stored bytes). In this package because the stream is package-private.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class HashingBenchmark {
    @Param("32")
    int mib;

    private byte[] content;
    private final byte[] buffer = new byte[1 << 16];

    @Setup
    public void generate() {
        content = DumpText.generate(mib << 20);
    }

    @Benchmark
    public String hashingInputStream() throws IOException {
        try (HashingInputStream in = new HashingInputStream(new ByteArrayInputStream(content))) {
            while (in.read(buffer, 0, buffer.length) >= 0) {
                // hashed as it is read
            }
            return in.sha256Hex();
        }
    }
}
