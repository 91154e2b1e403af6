package io.supabackup.adapters.crypto;

import io.supabackup.bench.DumpText;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** zstd alone, as the write path compresses, to nowhere: the floor under the repository's write path. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class CompressionBenchmark {
    @Param("32")
    int mib;

    private byte[] content;

    @Setup
    public void generate() {
        content = DumpText.generate(mib << 20);
    }

    @Benchmark
    public void zstd() throws IOException {
        try (OutputStream out = Compression.DEFAULT.compress(OutputStream.nullOutputStream())) {
            for (int off = 0; off < content.length; off += 8192) {
                out.write(content, off, Math.min(8192, content.length - off));
            }
        }
    }
}
