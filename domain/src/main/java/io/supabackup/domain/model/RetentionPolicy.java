package io.supabackup.domain.model;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which backups {@code prune} keeps, decided the way restic's {@code forget} decides: each rule picks
 * some backups, a backup picked by any rule is kept, and everything else may be removed.
 *
 * <ul>
 *   <li>{@code keepLast} N keeps the N newest backups.</li>
 *   <li>{@code keepDaily} N keeps the newest backup of each of the N most recent UTC days that have a
 *       backup; days without one are skipped, not counted. {@code keepWeekly} does the same for ISO
 *       weeks (Monday to Sunday, numbered by their ISO week-based year, so 2021-01-02 is in 2020-W53)
 *       and {@code keepMonthly} for calendar months.</li>
 *   <li>{@code keepWithin} D keeps every backup strictly newer than {@code now - D};
 *       {@link Duration#ZERO} means the rule is not given.</li>
 *   <li>The newest backup is always kept, whatever the policy, so a prune can never empty a
 *       repository.</li>
 * </ul>
 *
 * <p>Unlike restic, {@code keepWithin} counts back from {@code now}, not from the newest backup:
 * a repository whose backups stopped keeps only what the other rules (and "newest") hold.
 *
 * <p>An {@link #isEmpty() empty} policy keeps only the newest backup. That is almost never what a
 * user means, so the prune command refuses an empty policy before calling {@link #apply}; this class
 * stays total so the rule "the newest survives" holds everywhere.
 *
 * <p>The class knows nothing of repositories: it takes the complete backups as (id, time) pairs and
 * returns a decision, so the rules can be tested and previewed ({@code --dry-run}) without I/O.
 */
public record RetentionPolicy(int keepLast, int keepDaily, int keepWeekly, int keepMonthly, Duration keepWithin) {

    /** The newest backup of a run, ties on time broken by the greater id, so the order never depends on input order. */
    private static final Comparator<Candidate> NEWEST_FIRST =
            Comparator.comparing(Candidate::time).thenComparing(Candidate::id).reversed();

    private static final Pattern SHORT_PART = Pattern.compile("\\G(\\d{1,9})([ymwdh])");
    private static final long DAYS_PER_MONTH = 30;
    private static final long DAYS_PER_YEAR = 365;
    private static final String ACCEPTED_FORMS = "use a number and a unit, e.g. 30d, 12h, 2w, 6m, 1y or 1y6m"
            + " (m is a month of 30 days, y a year of 365 days), or ISO-8601 such as P30D or PT12H";

    public RetentionPolicy {
        requireNotNegative("keep-last", keepLast);
        requireNotNegative("keep-daily", keepDaily);
        requireNotNegative("keep-weekly", keepWeekly);
        requireNotNegative("keep-monthly", keepMonthly);
        if (keepWithin == null) {
            throw new IllegalArgumentException("keep-within must be given (Duration.ZERO when not used)");
        }
        if (keepWithin.isNegative()) {
            throw new IllegalArgumentException("keep-within must not be negative, got " + keepWithin);
        }
    }

    /** A backup that may be kept or removed: its id and the time it was completed. */
    public record Candidate(String id, Instant time) {
        public Candidate {
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException("a retention candidate needs an id");
            }
            if (time == null) {
                throw new IllegalArgumentException("retention candidate " + id + " has no time");
            }
        }
    }

    /** A kept backup and every rule that keeps it, e.g. {@code ["newest", "last 3", "daily 2026-11-20"]}. */
    public record Kept(String id, List<String> reasons) {
        public Kept {
            if (id == null || reasons == null || reasons.isEmpty()) {
                throw new IllegalArgumentException("a kept backup needs an id and at least one reason");
            }
            reasons = List.copyOf(reasons);
        }
    }

    /** What to keep and what to remove, both newest first; together they are exactly the candidates. */
    public record Decision(List<Kept> keep, List<String> remove) {
        public Decision {
            keep = List.copyOf(keep);
            remove = List.copyOf(remove);
        }
    }

    /** True when no rule is given: every count is 0 and there is no keep-within. */
    public boolean isEmpty() {
        return keepLast == 0 && keepDaily == 0 && keepWeekly == 0 && keepMonthly == 0 && keepWithin.isZero();
    }

    /**
     * Decides which of {@code complete} to keep. Incomplete backups must not be passed: they are not
     * backups one could restore, and counting them would let a failed run push a good one out.
     *
     * @param complete the complete backups, in any order, ids unique
     * @param now      the moment keep-within counts back from
     */
    public Decision apply(List<Candidate> complete, Instant now) {
        if (complete == null || now == null) {
            throw new IllegalArgumentException("retention needs the list of backups and the current time");
        }
        List<Candidate> sorted = new ArrayList<>(complete.size());
        Set<String> ids = new HashSet<>();
        for (Candidate candidate : complete) {
            if (candidate == null) {
                throw new IllegalArgumentException("the list of backups contains a null entry");
            }
            if (!ids.add(candidate.id())) {
                throw new IllegalArgumentException("backup " + candidate.id() + " is listed twice");
            }
            sorted.add(candidate);
        }
        sorted.sort(NEWEST_FIRST);

        Map<String, List<String>> reasons = new LinkedHashMap<>();
        if (!sorted.isEmpty()) {
            reason(reasons, sorted.get(0), "newest");
        }
        for (int i = 0; i < Math.min(keepLast, sorted.size()); i++) {
            reason(reasons, sorted.get(i), "last " + keepLast);
        }
        keepNewestPerPeriod(sorted, keepDaily, "daily ", c -> day(c).toString(), reasons);
        keepNewestPerPeriod(sorted, keepWeekly, "weekly ", RetentionPolicy::isoWeek, reasons);
        keepNewestPerPeriod(sorted, keepMonthly, "monthly ", c -> YearMonth.from(day(c)).toString(), reasons);
        if (!keepWithin.isZero()) {
            Instant cutoff = cutoff(now);
            String label = "within " + format(keepWithin);
            for (Candidate candidate : sorted) {
                if (candidate.time().isAfter(cutoff)) {
                    reason(reasons, candidate, label);
                }
            }
        }

        List<Kept> keep = new ArrayList<>();
        List<String> remove = new ArrayList<>();
        for (Candidate candidate : sorted) {
            List<String> why = reasons.get(candidate.id());
            if (why == null) {
                remove.add(candidate.id());
            } else {
                keep.add(new Kept(candidate.id(), why));
            }
        }
        return new Decision(keep, remove);
    }

    /**
     * Parses a keep-within duration. Short forms are restic's: numbers with units {@code y m w d h},
     * each unit at most once ({@code 30d}, {@code 12h}, {@code 2w}, {@code 6m}, {@code 1y6m}); ISO-8601
     * ({@code P30D}, {@code P1Y6M}, {@code P1DT12H}) is accepted too.
     *
     * <p>A {@link Duration} has a fixed length, so a month counts as 30 days and a year as 365 days,
     * not as calendar months and years ({@code 1m} back from 31 March is 1 March, not 28 February).
     * For a retention window the difference of a day or two does not matter, and a fixed length keeps
     * the policy a plain value that means the same on every run.
     *
     * @throws IllegalArgumentException naming the value and the accepted forms
     */
    public static Duration parseDuration(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("no keep-within duration given: " + ACCEPTED_FORMS);
        }
        String value = text.strip();
        try {
            Duration parsed = value.charAt(0) == 'P' || value.charAt(0) == 'p' ? parseIso(value) : parseShort(value);
            if (parsed != null && !parsed.isNegative()) {
                return parsed;
            }
        } catch (DateTimeException | ArithmeticException e) {
            // falls through to the message that names the value
        }
        throw new IllegalArgumentException("not a duration: '" + value + "' (" + ACCEPTED_FORMS + ")");
    }

    private static Duration parseShort(String value) {
        Matcher matcher = SHORT_PART.matcher(value);
        Set<Character> units = new HashSet<>();
        long days = 0;
        long hours = 0;
        int end = 0;
        while (matcher.find()) {
            long amount = Long.parseLong(matcher.group(1));
            char unit = matcher.group(2).charAt(0);
            if (!units.add(unit)) {
                return null;
            }
            switch (unit) {
                case 'y' -> days = Math.addExact(days, Math.multiplyExact(amount, DAYS_PER_YEAR));
                case 'm' -> days = Math.addExact(days, Math.multiplyExact(amount, DAYS_PER_MONTH));
                case 'w' -> days = Math.addExact(days, Math.multiplyExact(amount, 7));
                case 'd' -> days = Math.addExact(days, amount);
                default -> hours = amount;
            }
            end = matcher.end();
        }
        if (end == 0 || end != value.length()) {
            return null;
        }
        return Duration.ofDays(days).plusHours(hours);
    }

    private static Duration parseIso(String value) {
        String iso = value.toUpperCase(Locale.ROOT);
        int t = iso.indexOf('T');
        String datePart = t < 0 ? iso : iso.substring(0, t);
        String timePart = t < 0 ? "" : iso.substring(t);
        if (datePart.equals("P") && timePart.isEmpty()) {
            return null;
        }
        Duration total = Duration.ZERO;
        if (!datePart.equals("P")) {
            Period period = Period.parse(datePart);
            long days = Math.addExact(Math.addExact(
                    Math.multiplyExact((long) period.getYears(), DAYS_PER_YEAR),
                    Math.multiplyExact((long) period.getMonths(), DAYS_PER_MONTH)), period.getDays());
            total = Duration.ofDays(days);
        }
        if (!timePart.isEmpty()) {
            total = total.plus(Duration.parse("P" + timePart));
        }
        return total;
    }

    /** Restic's bucket rule: walking newest first, the first backup of each new period is kept, up to {@code count} periods. */
    private static void keepNewestPerPeriod(List<Candidate> newestFirst, int count, String prefix,
                                            Function<Candidate, String> period, Map<String, List<String>> reasons) {
        String last = null;
        int left = count;
        for (Candidate candidate : newestFirst) {
            if (left == 0) {
                return;
            }
            String key = period.apply(candidate);
            if (!key.equals(last)) {
                reason(reasons, candidate, prefix + key);
                last = key;
                left--;
            }
        }
    }

    /** {@code now - keepWithin}, or the beginning of time when the window reaches further back than an Instant can. */
    private Instant cutoff(Instant now) {
        try {
            return now.minus(keepWithin);
        } catch (DateTimeException | ArithmeticException e) {
            return Instant.MIN;
        }
    }

    private static void reason(Map<String, List<String>> reasons, Candidate candidate, String reason) {
        reasons.computeIfAbsent(candidate.id(), id -> new ArrayList<>()).add(reason);
    }

    private static LocalDate day(Candidate candidate) {
        return LocalDate.ofInstant(candidate.time(), ZoneOffset.UTC);
    }

    private static String isoWeek(Candidate candidate) {
        LocalDate day = day(candidate);
        return String.format(Locale.ROOT, "%d-W%02d",
                day.get(IsoFields.WEEK_BASED_YEAR), day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }

    /** Whole days and hours in the short form ({@code 30d}, {@code 1d12h}); anything finer in ISO-8601. */
    static String format(Duration duration) {
        if (duration.toSecondsPart() != 0 || duration.toMinutesPart() != 0 || duration.toNanosPart() != 0) {
            return duration.toString();
        }
        long days = duration.toDays();
        int hours = duration.toHoursPart();
        if (days == 0) {
            return hours + "h";
        }
        return hours == 0 ? days + "d" : days + "d" + hours + "h";
    }

    private static void requireNotNegative(String rule, int count) {
        if (count < 0) {
            throw new IllegalArgumentException(rule + " must be 0 or more, got " + count);
        }
    }
}
