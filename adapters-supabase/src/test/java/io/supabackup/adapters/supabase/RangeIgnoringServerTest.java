package io.supabackup.adapters.supabase;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A proxy that drops Range headers: the download starts again and skips what the reader already has. */
class RangeIgnoringServerTest {
    @Test
    void truncatedDownloadFromAServerIgnoringRangeRestartsAndSkipsTheDeliveredPart() throws IOException {
        byte[] content = new byte[512 * 1024];
        new Random(12).nextBytes(content);
        AtomicInteger requests = new AtomicInteger();
        List<String> ranges = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        server.createContext("/", exchange -> {
            ranges.add(String.valueOf(exchange.getRequestHeaders().getFirst("Range")));
            boolean first = requests.incrementAndGet() == 1;
            exchange.getResponseHeaders().set("ETag", "\"same\"");
            exchange.sendResponseHeaders(200, content.length);
            OutputStream out = exchange.getResponseBody();
            out.write(content, 0, first ? content.length / 3 : content.length);
            out.flush();
            exchange.close();
        });
        server.start();
        try {
            URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
            SupabaseConfig config = SupabaseConfig.of(url, "sb_secret_rangetest")
                    .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10))
                    .withRetries(4, Duration.ofMillis(1), Duration.ofMillis(5));
            SupabaseBucketStore store = new SupabaseBucketStore(new SupabaseHttp(config));
            byte[] read;
            try (InputStream in = store.download("b", "x.bin")) {
                read = in.readAllBytes();
            }
            assertThat(read).isEqualTo(content);
            assertThat(requests.get()).isEqualTo(2);
            assertThat(ranges.get(0)).isEqualTo("null");
            assertThat(ranges.get(1)).startsWith("bytes=").endsWith("-");
        } finally {
            server.stop(0);
        }
    }
}
