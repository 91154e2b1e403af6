package io.supabackup.cli.command;

import io.supabackup.domain.model.RetentionPolicy;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads durations such as {@code 30s}, {@code 10m}, {@code 36h}, {@code 30d}, {@code 1y6m} or ISO-8601 {@code PT1H}. */
final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        String text = value.trim();
        try {
            if (text.matches("\\d+s")) {
                return Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
            }
            if (text.matches("\\d+min")) {
                return Duration.ofMinutes(Long.parseLong(text.substring(0, text.length() - 3)));
            }
            if (text.matches("\\d+m") && !text.startsWith("P")) {
                // a lock wait or a grace period in months makes no sense: for these options m means minutes
                return Duration.ofMinutes(Long.parseLong(text.substring(0, text.length() - 1)));
            }
            return RetentionPolicy.parseDuration(text);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException("'" + value + "' is not a duration: use e.g. 30s, 10m, 12h, 7d or PT1H");
        }
    }
}
