package io.supabackup.cli.wiring;

import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import io.supabackup.domain.port.out.ProgressListener;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;

/** How progress is shown: a redrawn bar, plain lines, or not at all. */
enum ProgressStyle {
    BAR, PLAIN, NONE;

    static final String VARIABLE = "SUPABACKUP_PROGRESS";
    private static final int DEFAULT_WIDTH = 80;

    /**
     * Nothing with --quiet or --json; else {@code SUPABACKUP_PROGRESS} ({@code bar}, {@code plain} or
     * {@code none}) when set; else plain lines when {@code NO_COLOR} is set (the bar needs escape sequences);
     * else the bar on a screen whose {@code TERM} is not {@code dumb}, and plain lines everywhere else.
     *
     * @param screen whether standard error reaches a screen that can redraw a line
     */
    static ProgressStyle choose(boolean quiet, boolean screen, Map<String, String> environment) {
        if (quiet) {
            return NONE;
        }
        String chosen = environment.get(VARIABLE);
        if (chosen != null && !chosen.isBlank()) {
            try {
                return valueOf(chosen.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException unknown) {
                throw new SupabackupException(FailureKind.USAGE, VARIABLE + "='" + chosen + "' is not a progress style",
                        "set it to bar, plain or none, or unset it");
            }
        }
        String noColor = environment.get("NO_COLOR");
        if (noColor != null && !noColor.isEmpty()) {
            return PLAIN;
        }
        return screen && !"dumb".equals(environment.get("TERM")) ? BAR : PLAIN;
    }

    /** The listener of this style, writing to {@code err}; the bar is as wide as {@code COLUMNS} says. */
    ProgressListener listener(PrintStream err, Clock clock, Map<String, String> environment) {
        return switch (this) {
            case BAR -> new BarProgress(err, clock, BarProgress.TICK, width(environment));
            case PLAIN -> new PlainProgress(err, clock, PlainProgress.TICK);
            case NONE -> ProgressListener.NONE;
        };
    }

    private static int width(Map<String, String> environment) {
        try {
            int columns = Integer.parseInt(environment.getOrDefault("COLUMNS", "").trim());
            return columns >= 20 ? columns : DEFAULT_WIDTH;
        } catch (NumberFormatException unset) {
            return DEFAULT_WIDTH;
        }
    }
}
