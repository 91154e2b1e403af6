package io.supabackup.domain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.supabackup.domain.model.RetentionPolicy.Candidate;
import io.supabackup.domain.model.RetentionPolicy.Decision;
import io.supabackup.domain.model.RetentionPolicy.Kept;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RetentionPolicyTest {
    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    // ---- keep-last ------------------------------------------------------------------------------

    @Test
    void keepLastKeepsTheNNewestAndRemovesTheRestNewestFirst() {
        Decision decision = policy(3, 0, 0, 0).apply(List.of(
                at("2026-11-20T10:00:00Z"), at("2026-11-21T10:00:00Z"), at("2026-11-22T10:00:00Z"),
                at("2026-11-23T10:00:00Z"), at("2026-11-24T10:00:00Z")), NOW);

        assertThat(keptIds(decision)).containsExactly(
                id("2026-11-24T10:00:00Z"), id("2026-11-23T10:00:00Z"), id("2026-11-22T10:00:00Z"));
        assertThat(decision.remove()).containsExactly(id("2026-11-21T10:00:00Z"), id("2026-11-20T10:00:00Z"));
        assertThat(reasons(decision, "2026-11-24T10:00:00Z")).containsExactly("newest", "last 3");
        assertThat(reasons(decision, "2026-11-22T10:00:00Z")).containsExactly("last 3");
    }

    @Test
    void keepLastLongerThanTheListKeepsEverything() {
        Decision decision = policy(10, 0, 0, 0).apply(List.of(at("2026-11-20T10:00:00Z"), at("2026-11-21T10:00:00Z")), NOW);

        assertThat(keptIds(decision)).containsExactly(id("2026-11-21T10:00:00Z"), id("2026-11-20T10:00:00Z"));
        assertThat(decision.remove()).isEmpty();
    }

    // ---- keep-daily -----------------------------------------------------------------------------

    @Test
    void keepDailyKeepsOnlyTheNewestBackupOfEachDay() {
        Decision decision = policy(0, 2, 0, 0).apply(List.of(
                at("2026-11-23T01:00:00Z"), at("2026-11-23T13:00:00Z"), at("2026-11-23T23:59:59Z"),
                at("2026-11-24T00:00:00Z"), at("2026-11-24T06:00:00Z")), NOW);

        assertThat(keptIds(decision)).containsExactly(id("2026-11-24T06:00:00Z"), id("2026-11-23T23:59:59Z"));
        assertThat(reasons(decision, "2026-11-24T06:00:00Z")).containsExactly("newest", "daily 2026-11-24");
        assertThat(reasons(decision, "2026-11-23T23:59:59Z")).containsExactly("daily 2026-11-23");
        assertThat(decision.remove()).containsExactly(
                id("2026-11-24T00:00:00Z"), id("2026-11-23T13:00:00Z"), id("2026-11-23T01:00:00Z"));
    }

    @Test
    void keepDailyCountsOnlyDaysThatHaveBackups() {
        // no backups from the 11th to the 19th: keep-daily 3 reaches back past the gap
        Decision decision = policy(0, 3, 0, 0).apply(List.of(
                at("2026-11-01T10:00:00Z"), at("2026-11-09T10:00:00Z"), at("2026-11-10T10:00:00Z"),
                at("2026-11-20T10:00:00Z"), at("2026-11-20T11:00:00Z")), NOW);

        assertThat(keptIds(decision)).containsExactly(
                id("2026-11-20T11:00:00Z"), id("2026-11-10T10:00:00Z"), id("2026-11-09T10:00:00Z"));
        assertThat(reasons(decision, "2026-11-09T10:00:00Z")).containsExactly("daily 2026-11-09");
        assertThat(decision.remove()).containsExactly(id("2026-11-20T10:00:00Z"), id("2026-11-01T10:00:00Z"));
    }

    @Test
    void daysAreUtcDaysWhateverOffsetTheTimesWereWrittenIn() {
        // 00:30 in Berlin on the 24th is still the 23rd in UTC
        Instant berlinAfterMidnight = OffsetDateTime.parse("2026-11-24T00:30:00+01:00").toInstant();
        Candidate late = new Candidate("late", berlinAfterMidnight);
        Candidate early = at("2026-11-23T08:00:00Z");
        Candidate next = at("2026-11-24T08:00:00Z");

        Decision decision = policy(0, 2, 0, 0).apply(List.of(early, late, next), NOW);

        assertThat(keptIds(decision)).containsExactly(next.id(), "late");
        assertThat(reasons(decision, "late")).containsExactly("daily 2026-11-23");
        assertThat(decision.remove()).containsExactly(early.id());
    }

    // ---- keep-weekly ----------------------------------------------------------------------------

    @Test
    void keepWeeklyUsesIsoWeeksAcrossAYearEnd() {
        // 2020-12-31 (Thu) and 2021-01-03 (Sun) are both in 2020-W53; 2021-01-04 (Mon) starts 2021-W01;
        // 2019-12-30 (Mon) already belongs to 2020-W01
        Decision decision = policy(0, 0, 4, 0).apply(List.of(
                at("2019-12-22T10:00:00Z"), at("2019-12-30T10:00:00Z"), at("2020-12-24T10:00:00Z"),
                at("2020-12-31T10:00:00Z"), at("2021-01-03T10:00:00Z"), at("2021-01-04T10:00:00Z")),
                Instant.parse("2021-01-05T00:00:00Z"));

        assertThat(keptIds(decision)).containsExactly(
                id("2021-01-04T10:00:00Z"), id("2021-01-03T10:00:00Z"), id("2020-12-24T10:00:00Z"),
                id("2019-12-30T10:00:00Z"));
        assertThat(reasons(decision, "2021-01-04T10:00:00Z")).containsExactly("newest", "weekly 2021-W01");
        assertThat(reasons(decision, "2021-01-03T10:00:00Z")).containsExactly("weekly 2020-W53");
        assertThat(reasons(decision, "2020-12-24T10:00:00Z")).containsExactly("weekly 2020-W52");
        assertThat(reasons(decision, "2019-12-30T10:00:00Z")).containsExactly("weekly 2020-W01");
        assertThat(decision.remove()).containsExactly(id("2020-12-31T10:00:00Z"), id("2019-12-22T10:00:00Z"));
    }

    @Test
    void weekNumbersBelowTenArePaddedSoReasonsSortAsText() {
        Decision decision = policy(0, 0, 1, 0).apply(List.of(at("2026-03-04T10:00:00Z")), NOW);

        assertThat(reasons(decision, "2026-03-04T10:00:00Z")).containsExactly("newest", "weekly 2026-W10");
        decision = policy(0, 0, 1, 0).apply(List.of(at("2026-02-04T10:00:00Z")), NOW);
        assertThat(reasons(decision, "2026-02-04T10:00:00Z")).containsExactly("newest", "weekly 2026-W06");
    }

    // ---- keep-monthly ---------------------------------------------------------------------------

    @Test
    void keepMonthlySplitsAtTheUtcMonthBoundary() {
        Decision decision = policy(0, 0, 0, 2).apply(List.of(
                at("2026-10-01T00:00:00Z"), at("2026-10-31T23:59:59Z"), at("2026-11-01T00:00:00Z"),
                at("2026-09-30T23:59:59Z")), NOW);

        assertThat(keptIds(decision)).containsExactly(id("2026-11-01T00:00:00Z"), id("2026-10-31T23:59:59Z"));
        assertThat(reasons(decision, "2026-11-01T00:00:00Z")).containsExactly("newest", "monthly 2026-11");
        assertThat(reasons(decision, "2026-10-31T23:59:59Z")).containsExactly("monthly 2026-10");
        assertThat(decision.remove()).containsExactly(id("2026-10-01T00:00:00Z"), id("2026-09-30T23:59:59Z"));
    }

    // ---- keep-within ----------------------------------------------------------------------------

    @Test
    void keepWithinKeepsWhatIsStrictlyNewerThanTheCutoff() {
        Instant cutoff = NOW.minus(Duration.ofDays(30));
        Candidate atCutoff = new Candidate("at-cutoff", cutoff);
        Candidate justInside = new Candidate("just-inside", cutoff.plusNanos(1));
        Candidate recent = new Candidate("recent", NOW.minus(Duration.ofDays(1)));
        Candidate old = new Candidate("old", cutoff.minusSeconds(1));

        Decision decision = within("30d").apply(List.of(old, atCutoff, justInside, recent), NOW);

        assertThat(keptIds(decision)).containsExactly("recent", "just-inside");
        assertThat(reasons(decision, "just-inside")).containsExactly("within 30d");
        assertThat(reasons(decision, "recent")).containsExactly("newest", "within 30d");
        assertThat(decision.remove()).containsExactly("at-cutoff", "old");
    }

    @Test
    void keepWithinCountsBackFromNowNotFromTheNewestBackup() {
        Decision decision = within("7d").apply(List.of(
                at("2026-10-01T10:00:00Z"), at("2026-10-02T10:00:00Z")), NOW);

        assertThat(keptIds(decision)).containsExactly(id("2026-10-02T10:00:00Z"));
        assertThat(reasons(decision, "2026-10-02T10:00:00Z")).containsExactly("newest");
    }

    @Test
    void keepWithinNamesItsWindowInTheReason() {
        Candidate recent = new Candidate("recent", NOW.minusSeconds(60));
        assertThat(reasons(within("1d12h").apply(List.of(recent), NOW), "recent")).contains("within 1d12h");
        assertThat(reasons(within("12h").apply(List.of(recent), NOW), "recent")).contains("within 12h");
        assertThat(reasons(within("2w").apply(List.of(recent), NOW), "recent")).contains("within 14d");
        assertThat(reasons(within("PT90M").apply(List.of(recent), NOW), "recent")).contains("within PT1H30M");
    }

    @Test
    void aWindowLongerThanTimeItselfKeepsEverything() {
        RetentionPolicy forever = new RetentionPolicy(0, 0, 0, 0, Duration.ofSeconds(Long.MAX_VALUE));
        Decision decision = forever.apply(List.of(at("1970-01-01T00:00:00Z"), at("2026-11-20T10:00:00Z")), NOW);

        assertThat(decision.keep()).hasSize(2);
        assertThat(decision.remove()).isEmpty();
    }

    // ---- rules together -------------------------------------------------------------------------

    @Test
    void rulesAddUpAndEveryKeepingRuleIsNamed() {
        List<Candidate> backups = List.of(
                at("2026-11-24T06:00:00Z"), at("2026-11-24T03:00:00Z"), at("2026-11-23T06:00:00Z"),
                at("2026-11-20T06:00:00Z"), at("2026-11-16T06:00:00Z"), at("2026-10-15T06:00:00Z"),
                at("2026-09-30T06:00:00Z"), at("2026-09-01T06:00:00Z"));
        RetentionPolicy policy = new RetentionPolicy(2, 2, 2, 3, RetentionPolicy.parseDuration("5d"));

        Decision decision = policy.apply(backups, NOW);

        assertThat(decision.keep()).containsExactly(
                new Kept(id("2026-11-24T06:00:00Z"),
                        List.of("newest", "last 2", "daily 2026-11-24", "weekly 2026-W48", "monthly 2026-11", "within 5d")),
                new Kept(id("2026-11-24T03:00:00Z"), List.of("last 2", "within 5d")),
                new Kept(id("2026-11-23T06:00:00Z"), List.of("daily 2026-11-23", "within 5d")),
                new Kept(id("2026-11-20T06:00:00Z"), List.of("weekly 2026-W47", "within 5d")),
                new Kept(id("2026-10-15T06:00:00Z"), List.of("monthly 2026-10")),
                new Kept(id("2026-09-30T06:00:00Z"), List.of("monthly 2026-09")));
        assertThat(decision.remove()).containsExactly(id("2026-11-16T06:00:00Z"), id("2026-09-01T06:00:00Z"));
    }

    // ---- the newest backup ----------------------------------------------------------------------

    @Test
    void anEmptyPolicyKeepsOnlyTheNewest() {
        RetentionPolicy empty = policy(0, 0, 0, 0);
        assertThat(empty.isEmpty()).isTrue();

        Decision decision = empty.apply(List.of(
                at("2026-11-22T10:00:00Z"), at("2026-11-23T10:00:00Z"), at("2026-11-21T10:00:00Z")), NOW);

        assertThat(decision.keep()).containsExactly(new Kept(id("2026-11-23T10:00:00Z"), List.of("newest")));
        assertThat(decision.remove()).containsExactly(id("2026-11-22T10:00:00Z"), id("2026-11-21T10:00:00Z"));
    }

    @Test
    void anyRuleMakesThePolicyNonEmpty() {
        assertThat(policy(1, 0, 0, 0).isEmpty()).isFalse();
        assertThat(policy(0, 1, 0, 0).isEmpty()).isFalse();
        assertThat(policy(0, 0, 1, 0).isEmpty()).isFalse();
        assertThat(policy(0, 0, 0, 1).isEmpty()).isFalse();
        assertThat(within("1h").isEmpty()).isFalse();
    }

    @Test
    void theNewestIsKeptEvenWhenItIsInTheFuture() {
        // a clock that ran ahead on the backup host must not make the newest backup fall outside a window
        Candidate future = new Candidate("future", NOW.plus(Duration.ofDays(3)));
        Decision decision = policy(0, 0, 0, 0).apply(List.of(at("2026-11-23T10:00:00Z"), future), NOW);

        assertThat(keptIds(decision)).containsExactly("future");
    }

    @Test
    void noBackupsMeansNothingToDecide() {
        Decision decision = policy(3, 3, 3, 3).apply(List.of(), NOW);

        assertThat(decision.keep()).isEmpty();
        assertThat(decision.remove()).isEmpty();
    }

    // ---- order and ties -------------------------------------------------------------------------

    @Test
    void theOrderOfTheInputDoesNotChangeTheDecision() {
        List<Candidate> backups = new ArrayList<>();
        Instant start = Instant.parse("2026-08-01T00:00:00Z");
        for (int i = 0; i < 40; i++) {
            backups.add(new Candidate("b" + i, start.plus(Duration.ofHours(61L * i))));
        }
        // two backups finished in the same instant: the greater id is the newer one
        backups.add(new Candidate("b40-x", start.plus(Duration.ofHours(61L * 40))));
        backups.add(new Candidate("b40-y", start.plus(Duration.ofHours(61L * 40))));
        RetentionPolicy policy = new RetentionPolicy(1, 5, 3, 2, Duration.ZERO);
        Decision expected = policy.apply(backups, NOW);

        Random random = new Random(7);
        for (int round = 0; round < 20; round++) {
            List<Candidate> shuffled = new ArrayList<>(backups);
            Collections.shuffle(shuffled, random);
            assertThat(policy.apply(shuffled, NOW)).isEqualTo(expected);
        }
        assertThat(expected.keep().get(0)).isEqualTo(new Kept("b40-y",
                List.of("newest", "last 1", "daily 2026-11-10", "weekly 2026-W46", "monthly 2026-11")));
        assertThat(expected.remove()).startsWith("b40-x");
    }

    @Test
    void aDecisionCannotBeChangedAfterwards() {
        Decision decision = policy(1, 0, 0, 0).apply(List.of(at("2026-11-20T10:00:00Z"), at("2026-11-21T10:00:00Z")), NOW);

        assertThatThrownBy(() -> decision.remove().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> decision.keep().get(0).reasons().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    // ---- invalid input --------------------------------------------------------------------------

    @Test
    void rejectsNegativeCountsAndAMissingOrNegativeWindow() {
        assertThatThrownBy(() -> new RetentionPolicy(-1, 0, 0, 0, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keep-last").hasMessageContaining("-1");
        assertThatThrownBy(() -> new RetentionPolicy(0, -2, 0, 0, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keep-daily");
        assertThatThrownBy(() -> new RetentionPolicy(0, 0, -3, 0, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keep-weekly");
        assertThatThrownBy(() -> new RetentionPolicy(0, 0, 0, -4, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keep-monthly");
        assertThatThrownBy(() -> new RetentionPolicy(0, 0, 0, 0, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keep-within");
        assertThatThrownBy(() -> new RetentionPolicy(0, 0, 0, 0, Duration.ofDays(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keep-within");
    }

    @Test
    void rejectsABackupListedTwiceOrANullEntry() {
        RetentionPolicy policy = policy(1, 0, 0, 0);
        Candidate one = at("2026-11-20T10:00:00Z");
        assertThatThrownBy(() -> policy.apply(List.of(one, new Candidate(one.id(), NOW)), NOW))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(one.id());
        assertThatThrownBy(() -> policy.apply(java.util.Arrays.asList(one, null), NOW))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> policy.apply(List.of(one), null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Candidate(" ", NOW)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Candidate("x", null)).isInstanceOf(IllegalArgumentException.class);
    }

    // ---- parseDuration --------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource({
        "30d,    P30D",
        "12h,    PT12H",
        "2w,     P14D",
        "6m,     P180D",
        "1y,     P365D",
        "1y6m,   P545D",
        "1w2d3h, P9DT3H",
        "0d,     PT0S",
        "' 7d ', P7D",
        "P30D,   P30D",
        "p30d,   P30D",
        "PT12H,  PT12H",
        "P2W,    P14D",
        "P1Y6M,  P545D",
        "P1DT12H, P1DT12H",
        "PT90M,  PT1H30M",
    })
    void parsesResticAndIsoDurations(String text, String expectedIso) {
        assertThat(RetentionPolicy.parseDuration(text)).isEqualTo(Duration.parse(expectedIso));
    }

    @Test
    void aMonthIsThirtyDaysAndAYearThreeHundredSixtyFive() {
        assertThat(RetentionPolicy.parseDuration("1m")).isEqualTo(Duration.ofDays(30));
        assertThat(RetentionPolicy.parseDuration("1y")).isEqualTo(Duration.ofDays(365));
        assertThat(RetentionPolicy.parseDuration("P1M")).isEqualTo(Duration.ofDays(30));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "30", "d", "30x", "-1d", "1.5d", "30 d", "1d1d", "30D", "12H",
        "1d-", "d30", "9999999999d", "P", "PT", "P1DT", "P-1D", "PT-1H", "P1D2H", "Px", "30days", "1h30m5s"})
    void rejectsAnythingElseNamingTheValueAndTheAcceptedForms(String text) {
        assertThatThrownBy(() -> RetentionPolicy.parseDuration(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(text.isBlank() ? "no keep-within duration" : "'" + text.strip() + "'")
                .hasMessageContaining("30d").hasMessageContaining("1y6m").hasMessageContaining("P30D");
    }

    @Test
    void rejectsNoDurationAtAll() {
        assertThatThrownBy(() -> RetentionPolicy.parseDuration(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("30d");
    }

    // ---- invariants over generated histories ----------------------------------------------------

    @Test
    void generatedHistoriesKeepTheNewestKeepLastAndWhatEachRuleAsksFor() {
        for (long seed = 1; seed <= 25; seed++) {
            Random random = new Random(seed);
            List<Candidate> backups = randomHistory(random, 200);
            RetentionPolicy policy = new RetentionPolicy(random.nextInt(6), random.nextInt(12), random.nextInt(8),
                    random.nextInt(14), random.nextBoolean() ? Duration.ZERO : Duration.ofHours(1 + random.nextInt(24 * 90)));
            String context = "seed " + seed + ", " + policy;

            Decision decision = policy.apply(backups, NOW);

            List<Candidate> newestFirst = backups.stream()
                    .sorted(Comparator.comparing(Candidate::time).thenComparing(Candidate::id).reversed()).toList();
            List<String> kept = keptIds(decision);
            Set<String> all = backups.stream().map(Candidate::id).collect(Collectors.toSet());

            // every backup is decided exactly once
            assertThat(Stream.concat(kept.stream(), decision.remove().stream()).toList())
                    .as(context).hasSize(backups.size()).containsExactlyInAnyOrderElementsOf(all);
            // the newest survives, and the keep-last N newest are kept
            assertThat(kept).as(context).contains(newestFirst.get(0).id());
            assertThat(kept).as(context).containsAll(
                    newestFirst.subList(0, policy.keepLast()).stream().map(Candidate::id).toList());
            // both lists come newest first
            assertThat(kept).as(context).isEqualTo(inOrder(newestFirst, new HashSet<>(kept)));
            assertThat(decision.remove()).as(context).isEqualTo(inOrder(newestFirst, new HashSet<>(decision.remove())));
            // and exactly what an independent reading of the rules asks for is kept
            assertThat(new HashSet<>(kept)).as(context).isEqualTo(expectedKept(policy, newestFirst));
        }
    }

    /** The rules read straight from their definitions, by grouping instead of walking. */
    private static Set<String> expectedKept(RetentionPolicy policy, List<Candidate> newestFirst) {
        Set<String> keep = new HashSet<>();
        keep.add(newestFirst.get(0).id());
        newestFirst.stream().limit(policy.keepLast()).forEach(c -> keep.add(c.id()));
        keep.addAll(newestOfLatestPeriods(newestFirst, policy.keepDaily(), c -> utcDay(c).toString()));
        keep.addAll(newestOfLatestPeriods(newestFirst, policy.keepWeekly(), c -> String.format("%d-W%02d",
                utcDay(c).get(IsoFields.WEEK_BASED_YEAR), utcDay(c).get(IsoFields.WEEK_OF_WEEK_BASED_YEAR))));
        keep.addAll(newestOfLatestPeriods(newestFirst, policy.keepMonthly(), c -> YearMonth.from(utcDay(c)).toString()));
        if (!policy.keepWithin().isZero()) {
            Instant cutoff = NOW.minus(policy.keepWithin());
            newestFirst.stream().filter(c -> c.time().isAfter(cutoff)).forEach(c -> keep.add(c.id()));
        }
        return keep;
    }

    private static Set<String> newestOfLatestPeriods(List<Candidate> newestFirst, int count,
                                                    Function<Candidate, String> period) {
        // period keys are zero-padded, so text order is time order
        TreeMap<String, Candidate> newestPerPeriod = new TreeMap<>(Comparator.reverseOrder());
        for (Candidate candidate : newestFirst) {
            newestPerPeriod.putIfAbsent(period.apply(candidate), candidate);
        }
        return newestPerPeriod.values().stream().limit(count).map(Candidate::id).collect(Collectors.toSet());
    }

    /** Backups over about 15 months, some days with several, some days and weeks without, some at the same instant. */
    private static List<Candidate> randomHistory(Random random, int count) {
        List<Candidate> backups = new ArrayList<>();
        Instant start = NOW.minus(Duration.ofDays(460));
        for (int i = 0; i < count; i++) {
            Instant time = i > 0 && random.nextInt(20) == 0
                    ? backups.get(random.nextInt(backups.size())).time()
                    : start.plusSeconds((long) (random.nextDouble() * Duration.ofDays(462).toSeconds()));
            backups.add(new Candidate("backup-" + String.format("%03d", random.nextInt(1000)) + "-" + i, time));
        }
        Collections.shuffle(backups, random);
        return backups;
    }

    private static List<String> inOrder(List<Candidate> newestFirst, Set<String> ids) {
        return newestFirst.stream().map(Candidate::id).filter(ids::contains).toList();
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static RetentionPolicy policy(int last, int daily, int weekly, int monthly) {
        return new RetentionPolicy(last, daily, weekly, monthly, Duration.ZERO);
    }

    private static RetentionPolicy within(String duration) {
        return new RetentionPolicy(0, 0, 0, 0, RetentionPolicy.parseDuration(duration));
    }

    /** A backup completed at {@code isoTime}, with the id a backup of that time would have. */
    private static Candidate at(String isoTime) {
        return new Candidate(id(isoTime), Instant.parse(isoTime));
    }

    private static String id(String isoTime) {
        return isoTime.replace(':', '-');
    }

    private static LocalDate utcDay(Candidate candidate) {
        return LocalDate.ofInstant(candidate.time(), ZoneOffset.UTC);
    }

    private static List<String> keptIds(Decision decision) {
        return decision.keep().stream().map(Kept::id).toList();
    }

    private static List<String> reasons(Decision decision, String isoTimeOrId) {
        Map<String, List<String>> byId = decision.keep().stream().collect(Collectors.toMap(Kept::id, Kept::reasons));
        List<String> reasons = byId.getOrDefault(id(isoTimeOrId), byId.get(isoTimeOrId));
        assertThat(reasons).as("reasons of " + isoTimeOrId + " (is it kept?)").isNotNull();
        return reasons;
    }
}
