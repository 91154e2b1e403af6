package io.supabackup.cli.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Both console styles driven by hand: counters in, a fixed clock, ticks called by the test. */
class ConsoleProgressTest {
    private static final long MIB = 1024 * 1024;
    private static final String ERASE = "\r\u001b[2K";

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final MutableClock clock = new MutableClock();

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private BarProgress bar() {
        return new BarProgress(err, clock, Duration.ZERO, 120);
    }

    private PlainProgress plain() {
        return new PlainProgress(err, clock, Duration.ZERO);
    }

    @Test
    void theBarRedrawsOneLineInPlaceAndTheFinishedStepLeavesItsSummary() {
        BarProgress progress = bar();
        progress.stepStarted("dump data");
        clock.advance(Duration.ofSeconds(2));
        progress.advanced("dump data", 3 * MIB, 0);
        progress.tick();
        clock.advance(Duration.ofSeconds(2));
        progress.advanced("dump data", 3 * MIB, 0);
        progress.tick();
        progress.stepFinished("dump data", 2 * MIB, Duration.ofSeconds(4));

        assertThat(printed()).isEqualTo(ERASE + "dump data  3.0 MiB  1.5 MiB/s  elapsed 0:02"
                + ERASE + "dump data  6.0 MiB  1.5 MiB/s  elapsed 0:04"
                + ERASE + "✓ dump data: 2.0 MiB in 4.0 s\n");
    }

    @Test
    void aStepQuickerThanOneTickLeavesOnlyItsSummaryAndNoEscapes() {
        BarProgress progress = bar();
        progress.stepStarted("dump roles");
        progress.advanced("dump roles", 100, 0);
        progress.stepFinished("dump roles", 100, Duration.ofMillis(50));
        assertThat(printed()).isEqualTo("✓ dump roles: 100 B in 0.1 s\n");
    }

    @Test
    void aWarningClearsTheBarAndTheNextTickDrawsItAgain() {
        BarProgress progress = bar();
        progress.stepStarted("restore storage files");
        progress.expect("restore storage files", 0, 2);
        clock.advance(Duration.ofSeconds(1));
        progress.advanced("restore storage files", 0, 1);
        progress.tick();
        progress.warning("something to know");
        progress.tick();
        assertThat(printed()).isEqualTo(ERASE + "restore storage files  50%  [##########----------]  1/2 files  ETA 0:01"
                + ERASE + "! something to know\n"
                + ERASE + "restore storage files  50%  [##########----------]  1/2 files  ETA 0:01");
    }

    @Test
    void aFailedStepClearsTheBarAndSaysHowFarItGot() {
        BarProgress progress = bar();
        progress.stepStarted("dump data");
        clock.advance(Duration.ofSeconds(3));
        progress.advanced("dump data", 5 * MIB, 0);
        progress.tick();
        progress.stepFailed("dump data", Duration.ofSeconds(3));
        progress.tick();
        assertThat(printed()).isEqualTo(ERASE + "dump data  5.0 MiB  1.7 MiB/s  elapsed 0:03"
                + ERASE + "✗ dump data: stopped after 5.0 MiB in 3.0 s\n");
    }

    @Test
    void plainLinesSayStartAndFinishAndTheNumbersEveryTenSeconds() {
        PlainProgress progress = plain();
        progress.stepStarted("back up storage files");
        progress.expect("back up storage files", 400 * MIB, 100);
        clock.advance(Duration.ofSeconds(9));
        progress.advanced("back up storage files", 100 * MIB, 25);
        progress.tick();
        assertThat(printed()).isEqualTo("… back up storage files\n");

        clock.advance(Duration.ofSeconds(1));
        progress.tick();
        clock.advance(Duration.ofSeconds(5));
        progress.tick();
        clock.advance(Duration.ofSeconds(5));
        progress.advanced("back up storage files", 100 * MIB, 25);
        progress.tick();
        progress.stepFinished("back up storage files", 150 * MIB, Duration.ofSeconds(20));

        assertThat(printed()).isEqualTo("… back up storage files\n"
                + "… back up storage files: 25%, 100.0 MiB of 400.0 MiB, 10.0 MiB/s, 25/100 files, ETA 0:30\n"
                + "… back up storage files: 50%, 200.0 MiB of 400.0 MiB, 10.0 MiB/s, 50/100 files, ETA 0:20\n"
                + "✓ back up storage files: 150.0 MiB in 20.0 s (50 files)\n").doesNotContain("\r");
    }

    @Test
    void plainWarningsAndFailuresAreLinesToo() {
        PlainProgress progress = plain();
        progress.stepStarted("dump data");
        progress.warning("careful");
        progress.advanced("dump data", 10, 0);
        progress.stepFailed("dump data", Duration.ofSeconds(1));
        assertThat(printed()).isEqualTo("… dump data\n! careful\n✗ dump data: stopped after 10 B in 1.0 s\n");
    }

    @Test
    void reportsNamingAnotherStepAreIgnored() {
        PlainProgress progress = plain();
        progress.stepStarted("dump data");
        progress.advanced("dump schema", 10, 3);
        progress.stepFinished("dump data", 0, Duration.ZERO);
        assertThat(printed()).endsWith("✓ dump data: 0 B in 0.0 s\n");
    }

    @Test
    void manyThreadsAdvancingAtOnceAddUpExactlyWhileTheTickerReads() throws Exception {
        PlainProgress progress = plain();
        progress.stepStarted("back up storage files");
        int threads = 8;
        int each = 100_000;
        CountDownLatch go = new CountDownLatch(1);
        AtomicBoolean done = new AtomicBoolean();
        Thread ticker = new Thread(() -> {
            while (!done.get()) {
                clock.advance(Duration.ofSeconds(1));
                progress.tick();
            }
        });
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                for (int i = 0; i < each; i++) {
                    progress.advanced("back up storage files", 3, 1);
                }
            });
            worker.start();
            workers.add(worker);
        }
        ticker.start();
        go.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        done.set(true);
        ticker.join();
        progress.stepFinished("back up storage files", 0, Duration.ZERO);
        assertThat(printed()).endsWith("(" + threads * each + " files)\n");
    }

    @Test
    void theTallyCountsEveryByteAndFileFromConcurrentWorkers() throws Exception {
        StepTally tally = new StepTally("s", Instant.EPOCH);
        int threads = 8;
        int each = 200_000;
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            long size = t + 1;
            Thread worker = new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    tally.advance(size, 1);
                }
            });
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            worker.join();
        }
        StepSnapshot now = tally.at(Instant.EPOCH.plusSeconds(1));
        assertThat(now.bytes()).isEqualTo((long) each * (threads * (threads + 1) / 2));
        assertThat(now.items()).isEqualTo((long) threads * each);
    }

    @Test
    void theTickerThreadDrawsOnItsOwnAndStopsWithTheStep() throws Exception {
        BarProgress progress = new BarProgress(err, clock, Duration.ofMillis(10), 120);
        progress.stepStarted("dump data");
        progress.advanced("dump data", MIB, 0);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!printed().contains("dump data  1.0 MiB") && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        progress.stepFinished("dump data", MIB, Duration.ofSeconds(1));
        String atFinish = printed();
        Thread.sleep(100);
        assertThat(atFinish).contains(ERASE + "dump data  1.0 MiB").endsWith(ERASE + "✓ dump data: 1.0 MiB in 1.0 s\n");
        assertThat(printed()).isEqualTo(atFinish);
    }
}
