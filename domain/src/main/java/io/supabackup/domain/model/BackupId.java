package io.supabackup.domain.model;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

/**
 * A backup's identity: its UTC start time to the second, e.g. {@code 2026-11-24T14-20-52Z}, with an
 * optional {@code -N} suffix when two backups start in the same second. Ids sort by time as strings.
 */
public record BackupId(String value) implements Comparable<BackupId> {
    private static final Pattern FORMAT =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}Z(-[1-9]\\d{0,3})?");
    private static final DateTimeFormatter PRINTER =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss'Z'").withZone(ZoneOffset.UTC);

    public BackupId {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("not a backup id: '" + value + "' (expected e.g. 2026-11-24T14-20-52Z)");
        }
    }

    public static BackupId at(Instant time) {
        return new BackupId(PRINTER.format(time.truncatedTo(ChronoUnit.SECONDS)));
    }

    public static boolean isValid(String value) {
        return value != null && FORMAT.matcher(value).matches();
    }

    /** The id to use when this one is taken: same second, next suffix. */
    public BackupId next() {
        int dash = value.indexOf('-', value.indexOf('Z'));
        if (dash < 0) {
            return new BackupId(value + "-1");
        }
        int n = Integer.parseInt(value.substring(dash + 1));
        return new BackupId(value.substring(0, dash) + "-" + (n + 1));
    }

    /** The start time encoded in the id. */
    public Instant time() {
        String base = value.substring(0, value.indexOf('Z'));
        String iso = base.substring(0, 13) + ":" + base.substring(14, 16) + ":" + base.substring(17, 19) + "Z";
        return Instant.parse(iso);
    }

    @Override
    public int compareTo(BackupId other) {
        int byTime = time().compareTo(other.time());
        return byTime != 0 ? byTime : Integer.compare(suffix(), other.suffix());
    }

    private int suffix() {
        int dash = value.indexOf('-', value.indexOf('Z'));
        return dash < 0 ? 0 : Integer.parseInt(value.substring(dash + 1));
    }

    @Override
    public String toString() {
        return value;
    }
}
