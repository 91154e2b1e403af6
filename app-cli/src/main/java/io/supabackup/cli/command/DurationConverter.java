package io.supabackup.cli.command;

import io.supabackup.cli.config.Durations;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads durations such as {@code 30s}, {@code 10m}, {@code 36h}, {@code 30d}, {@code 1y6m} or ISO-8601 {@code PT1H}. */
final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        try {
            return Durations.parseWait(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException("'" + value + "' is not a duration: use e.g. 30s, 10m, 12h, 7d or PT1H");
        }
    }
}
