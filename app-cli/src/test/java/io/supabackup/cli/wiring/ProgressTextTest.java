package io.supabackup.cli.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import io.supabackup.domain.port.out.ProgressListener;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProgressTextTest {
    private static final long MIB = 1024 * 1024;
    private static final long UNKNOWN = ProgressListener.UNKNOWN;

    /** A quarter of 400 MiB and of 100 files after 10 s. */
    private static final StepSnapshot QUARTER = new StepSnapshot("back up storage files", 100 * MIB, 25, 400 * MIB,
            100, Duration.ofSeconds(10));

    @Test
    void aBarWithKnownTotalsShowsShareRateFilesAndTimeLeft() {
        assertThat(ProgressText.bar(QUARTER, 120)).isEqualTo("back up storage files  25%  [#####---------------]"
                + "  100.0 MiB of 400.0 MiB  10.0 MiB/s  25/100 files  ETA 0:30");
    }

    @Test
    void withoutTotalsTheBarShowsBytesRateAndTimeSoFar() {
        StepSnapshot dump = new StepSnapshot("dump data", 3 * MIB, 0, UNKNOWN, UNKNOWN, Duration.ofSeconds(2));
        assertThat(ProgressText.bar(dump, 80)).isEqualTo("dump data  3.0 MiB  1.5 MiB/s  elapsed 0:02");
    }

    @Test
    void filesCountBeforeTheListingEndsHaveNoTotal() {
        StepSnapshot listing = new StepSnapshot("back up storage files", 0, 7, UNKNOWN, UNKNOWN, Duration.ofMillis(61_500));
        assertThat(ProgressText.bar(listing, 80)).isEqualTo("back up storage files  7 files  elapsed 1:01");
    }

    @Test
    void theShareFollowsFilesWhenTheBytesHaveNoTotal() {
        StepSnapshot files = new StepSnapshot("restore storage files", 0, 3, 0, 4, Duration.ofHours(3));
        assertThat(ProgressText.bar(files, 120)).isEqualTo("restore storage files  75%  [###############-----]"
                + "  3/4 files  ETA 1:00:00");
    }

    @Test
    void theDrawnBarTakesTheRoomLeftOnceTheNumbersHaveTheirsAndKeepsItsLength() {
        assertThat(ProgressText.bar(QUARTER, 100)).isEqualTo("back up storage files  25%  [##------]"
                + "  100.0 MiB of 400.0 MiB  10.0 MiB/s  25/100 files  ETA 0:30");
        StepSnapshot later = new StepSnapshot(QUARTER.step(), 300 * MIB, 75, 400 * MIB, 100, Duration.ofSeconds(30));
        assertThat(ProgressText.bar(later, 100)).isEqualTo("back up storage files  75%  [######--]"
                + "  300.0 MiB of 400.0 MiB  10.0 MiB/s  75/100 files  ETA 0:10");
    }

    @Test
    void aNarrowTerminalLosesTheBarThenTheRateThenTheByteTotalThenTheEndOfTheLine() {
        assertThat(ProgressText.bar(QUARTER, 80))
                .isEqualTo("back up storage files  25%  100.0 MiB of 400.0 MiB  25/100 files  ETA 0:30");
        assertThat(ProgressText.bar(QUARTER, 70)).isEqualTo("back up storage files  25%  100.0 MiB  25/100 files  ETA 0:30");
        assertThat(ProgressText.bar(QUARTER, 40)).isEqualTo("back up storage files  25%  100.0 MiB…").hasSize(38);
        assertThat(ProgressText.bar(QUARTER, 1)).isEqualTo("…");
    }

    @Test
    void aCompleteStepStillRunningShowsItsTimeInsteadOfAnEstimate() {
        StepSnapshot staged = new StepSnapshot("restore archive", 5 * MIB, 0, 5 * MIB, UNKNOWN, Duration.ofSeconds(5));
        assertThat(ProgressText.bar(staged, 200)).isEqualTo("restore archive  100%  [####################]"
                + "  5.0 MiB of 5.0 MiB  1.0 MiB/s  elapsed 0:05");
    }

    @Test
    void thePlainLineCarriesTheSameNumbersWithoutTheDrawnBar() {
        assertThat(ProgressText.line(QUARTER)).isEqualTo("… back up storage files: 25%, 100.0 MiB of 400.0 MiB,"
                + " 10.0 MiB/s, 25/100 files, ETA 0:30");
    }

    @Test
    void summariesNameTheFilesOnlyWhenThereAreAny() {
        assertThat(ProgressText.finished("dump data", 1536, 0, Duration.ofMillis(2_340)))
                .isEqualTo("✓ dump data: 1.5 KiB in 2.3 s");
        assertThat(ProgressText.finished("back up storage files", 50 * MIB, 1, Duration.ofSeconds(2)))
                .isEqualTo("✓ back up storage files: 50.0 MiB in 2.0 s (1 file)");
        assertThat(ProgressText.failed(QUARTER, Duration.ofSeconds(10)))
                .isEqualTo("✗ back up storage files: stopped after 100.0 MiB in 10.0 s (25 files)");
    }
}
