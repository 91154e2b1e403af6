package io.supabackup.cli.config;

import io.supabackup.domain.model.RetentionPolicy;
import java.time.Duration;

/** Durations of waits and grace periods, as the command line and the projects file write them. */
public final class Durations {
    private Durations() {
    }

    /**
     * {@code 30s}, {@code 10m}, {@code 36h}, {@code 30d}, {@code 1y6m} or ISO-8601 {@code PT1H}. A plain
     * {@code 10m} is ten minutes: a wait in months makes no sense, unlike a retention rule, where m is months.
     *
     * @throws IllegalArgumentException when the text is not a duration
     */
    public static Duration parseWait(String value) {
        String text = value.trim();
        if (text.matches("\\d+s")) {
            return Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
        }
        if (text.matches("\\d+min")) {
            return Duration.ofMinutes(Long.parseLong(text.substring(0, text.length() - 3)));
        }
        if (text.matches("\\d+m")) {
            return Duration.ofMinutes(Long.parseLong(text.substring(0, text.length() - 1)));
        }
        return RetentionPolicy.parseDuration(text);
    }
}
