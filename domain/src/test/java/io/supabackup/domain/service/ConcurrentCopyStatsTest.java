package io.supabackup.domain.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.supabackup.domain.model.TableStats;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConcurrentCopyStatsTest {
    /** A dump of several tables, long enough to fill the queue between the threads many times over. */
    private static byte[] dump() {
        return dump(20_000);
    }

    private static byte[] dump(int rows) {
        StringBuilder dump = new StringBuilder("SET client_encoding = 'UTF8';\nSET standard_conforming_strings = on;\n\n");
        Random random = new Random(7);
        for (int table = 0; table < 5; table++) {
            dump.append("COPY \"public\".\"t").append(table).append("\" (\"id\", \"v\") FROM stdin;\n");
            for (int row = 0; row < rows; row++) {
                dump.append(row).append('\t').append(Long.toHexString(random.nextLong())).append('\n');
            }
            dump.append("\\.\n\n");
        }
        return dump.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static List<TableStats> direct(byte[] dump) throws IOException {
        try (CopyStatsInputStream in = new CopyStatsInputStream(new ByteArrayInputStream(dump))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return in.stats();
        }
    }

    @Test
    void passesTheDumpThroughUnchangedAndTakesTheSameStatsAsOnTheReadingThread() throws IOException {
        for (int chunk : new int[] {1, 7, 8192, 1 << 20}) {
            byte[] dump = dump(chunk < 8192 ? 500 : 20_000);
            ByteArrayOutputStream copy = new ByteArrayOutputStream();
            try (ConcurrentCopyStats in = new ConcurrentCopyStats(new ByteArrayInputStream(dump))) {
                byte[] buffer = new byte[chunk];
                int n;
                while ((n = in.read(buffer, 0, chunk)) >= 0) {
                    copy.write(buffer, 0, n);
                }
                assertThat(copy.toByteArray()).as("chunks of %d bytes", chunk).isEqualTo(dump);
                assertThat(in.stats()).as("chunks of %d bytes", chunk).isEqualTo(direct(dump)).hasSize(5);
            }
        }
    }

    @Test
    void aDumpCutShortInsideRowsFailsAtTheReadThatSeesTheEnd() throws IOException {
        byte[] whole = dump();
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length / 2);
        try (ConcurrentCopyStats in = new ConcurrentCopyStats(new ByteArrayInputStream(cut))) {
            assertThatThrownBy(() -> in.transferTo(java.io.OutputStream.nullOutputStream()))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("the dump ends inside the rows of table");
        }
    }

    @Test
    void statsBeforeTheEndAreRefused() throws IOException {
        try (ConcurrentCopyStats in = new ConcurrentCopyStats(new ByteArrayInputStream(dump()))) {
            in.read(new byte[100]);
            assertThatThrownBy(in::stats).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void closingBeforeTheEndStopsTheOtherThreadAndLeavesTheSourceOpen() throws Exception {
        boolean[] sourceClosed = {false};
        InputStream source = new ByteArrayInputStream(dump()) {
            @Override
            public void close() {
                sourceClosed[0] = true;
            }
        };
        ConcurrentCopyStats in = new ConcurrentCopyStats(source);
        in.read(new byte[1000]);

        in.close();

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (in.running() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(in.running()).isFalse();
        assertThat(sourceClosed[0]).isFalse();
    }
}
