package io.supabackup.bench;

import io.supabackup.domain.model.TableStats;
import io.supabackup.domain.service.CopyStatsInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Table stats (row counts and content hashes) taken as a data dump streams by, per MiB of dump. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class CopyStatsBenchmark {
    @Param("32")
    int mib;

    private byte[] dump;
    private final byte[] buffer = new byte[1 << 16];

    @Setup
    public void generate() {
        dump = DumpText.generate(mib << 20);
    }

    @Benchmark
    public List<TableStats> copyStats() throws IOException {
        try (CopyStatsInputStream in = new CopyStatsInputStream(new ByteArrayInputStream(dump))) {
            while (in.read(buffer, 0, buffer.length) >= 0) {
                // the stats are the point
            }
            return in.stats();
        }
    }

    /** The same bytes read without stats: what the stats themselves cost is the difference. */
    @Benchmark
    public long plainRead() throws IOException {
        long total = 0;
        try (ByteArrayInputStream in = new ByteArrayInputStream(dump)) {
            int n;
            while ((n = in.read(buffer, 0, buffer.length)) >= 0) {
                total += n;
            }
        }
        return total;
    }
}
