package io.supabackup.cli.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressStyleTest {
    @Test
    void aScreenGetsTheBarAndAnythingElsePlainLines() {
        assertThat(ProgressStyle.choose(false, true, Map.of("TERM", "xterm-256color"))).isEqualTo(ProgressStyle.BAR);
        assertThat(ProgressStyle.choose(false, true, Map.of())).isEqualTo(ProgressStyle.BAR);
        assertThat(ProgressStyle.choose(false, false, Map.of("TERM", "xterm"))).isEqualTo(ProgressStyle.PLAIN);
        assertThat(ProgressStyle.choose(false, true, Map.of("TERM", "dumb"))).isEqualTo(ProgressStyle.PLAIN);
    }

    @Test
    void noColorKeepsEscapeSequencesOut() {
        assertThat(ProgressStyle.choose(false, true, Map.of("NO_COLOR", "1"))).isEqualTo(ProgressStyle.PLAIN);
        assertThat(ProgressStyle.choose(false, true, Map.of("NO_COLOR", ""))).isEqualTo(ProgressStyle.BAR);
    }

    @Test
    void theVariableOverridesTheGuessButNotQuiet() {
        assertThat(ProgressStyle.choose(false, false, Map.of("SUPABACKUP_PROGRESS", "bar"))).isEqualTo(ProgressStyle.BAR);
        assertThat(ProgressStyle.choose(false, true, Map.of("SUPABACKUP_PROGRESS", "Plain"))).isEqualTo(ProgressStyle.PLAIN);
        assertThat(ProgressStyle.choose(false, true, Map.of("SUPABACKUP_PROGRESS", "none"))).isEqualTo(ProgressStyle.NONE);
        assertThat(ProgressStyle.choose(false, true, Map.of("SUPABACKUP_PROGRESS", "bar", "NO_COLOR", "1")))
                .isEqualTo(ProgressStyle.BAR);
        assertThat(ProgressStyle.choose(true, true, Map.of("SUPABACKUP_PROGRESS", "bar"))).isEqualTo(ProgressStyle.NONE);
    }

    @Test
    void anUnknownStyleIsAUsageError() {
        assertThatThrownBy(() -> ProgressStyle.choose(false, true, Map.of("SUPABACKUP_PROGRESS", "fancy")))
                .isInstanceOfSatisfying(SupabackupException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.USAGE))
                .hasMessageContaining("fancy");
    }
}
