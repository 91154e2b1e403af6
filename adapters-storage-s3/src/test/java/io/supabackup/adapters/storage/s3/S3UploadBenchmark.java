package io.supabackup.adapters.storage.s3;

import io.supabackup.domain.port.out.ObjectStore;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Not a test: uploads a generated stream of SIZE_MIB (default 1024) to the in-process S3 server through
 * the adapter and prints throughput and peak heap. Run with bench/s3-upload.sh.
 */
public final class S3UploadBenchmark {
    private S3UploadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long size = (args.length > 0 ? Long.parseLong(args[0]) : 1024) << 20;
        S3Config config = S3MockServer.config().partSize(S3Config.DEFAULT_PART_SIZE).build();
        ObjectStore store = S3ObjectStores.open(S3MockServer.client(config), S3MockServer.createBucket("bench"), "bench",
                config);
        // warm up the client and the server
        store.save("warmup", generated(8L << 20));
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
        long start = System.nanoTime();
        store.save("big", generated(size));
        double seconds = (System.nanoTime() - start) / 1e9;
        long heapPeak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                heapPeak += pool.getPeakUsage().getUsed();
            }
        }
        String hwm = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM"))
                .findFirst().orElse("VmHWM: ?").replaceAll("\\s+", " ");
        System.out.printf("uploaded %d MiB in %.1f s: %.1f MiB/s; peak heap (server and client in one JVM) %d MiB; %s%n",
                size >> 20, seconds, (size >> 20) / seconds, heapPeak >> 20, hwm);
        System.exit(0);
    }

    /** Incompressible bytes made on the fly, never held whole. */
    private static InputStream generated(long size) {
        Random random = new Random(42);
        return new InputStream() {
            private long left = size;
            private final byte[] block = new byte[1 << 16];
            private int position = block.length;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left == 0) {
                    return -1;
                }
                if (position == block.length) {
                    random.nextBytes(block);
                    position = 0;
                }
                int n = (int) Math.min(Math.min(len, block.length - position), left);
                System.arraycopy(block, position, b, off, n);
                position += n;
                left -= n;
                return n;
            }
        };
    }
}
