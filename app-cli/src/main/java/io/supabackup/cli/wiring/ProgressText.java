package io.supabackup.cli.wiring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The words of the progress output, the same for the redrawn bar and the plain log lines. */
final class ProgressText {
    private static final int BAR_CELLS = 20;
    private static final int MIN_BAR_CELLS = 5;
    /** What the numbers of a bar line usually take: "100%  14.5 MiB of 15.0 MiB  2.4 MiB/s  58/60 files  ETA 0:06". */
    private static final int NUMBERS = 66;

    private ProgressText() {
    }

    /**
     * The bar line of a running step, at most {@code width - 1} characters so that the cursor never wraps
     * to the next line. The drawn bar is as long as the width allows once {@value #NUMBERS} columns are kept
     * for the numbers (up to {@value #BAR_CELLS} cells), so that it keeps its length while they change; when
     * room is short the bar goes, then the rate, then the byte total (the share says it), then the line's end.
     */
    static String bar(StepSnapshot s, int width) {
        int room = Math.max(1, width - 1);
        List<String> parts = parts(s, true, true);
        String line = String.join("  ", parts);
        int cells = Math.min(BAR_CELLS, room - s.step().length() - "  []".length() - NUMBERS);
        if (s.fraction().isPresent() && cells >= MIN_BAR_CELLS) {
            int filled = (int) Math.floor(s.fraction().getAsDouble() * cells);
            parts.add(2, "[" + "#".repeat(filled) + "-".repeat(cells - filled) + "]");
            String withBar = String.join("  ", parts);
            if (withBar.length() <= room) {
                return withBar;
            }
        }
        if (line.length() > room) {
            line = String.join("  ", parts(s, false, true));
        }
        if (line.length() > room) {
            line = String.join("  ", parts(s, false, false));
        }
        if (line.length() > room) {
            line = line.substring(0, room - 1).stripTrailing() + "…";
        }
        return line;
    }

    /** The periodic log line of a long step, for output that is not a terminal. */
    static String line(StepSnapshot s) {
        List<String> parts = parts(s, true, true);
        return "… " + parts.get(0) + ": " + String.join(", ", parts.subList(1, parts.size()));
    }

    /** The line a finished step leaves. */
    static String finished(String step, long bytes, long items, Duration took) {
        return "✓ " + step + ": " + Sizes.human(bytes) + " in " + Sizes.seconds(took) + files(items);
    }

    /** The line a failed step leaves; the error itself is reported after it. */
    static String failed(StepSnapshot s, Duration took) {
        return "✗ " + s.step() + ": stopped after " + Sizes.human(s.bytes()) + " in " + Sizes.seconds(took)
                + files(s.items());
    }

    private static String files(long items) {
        return items > 0 ? " (" + items + (items == 1 ? " file)" : " files)") : "";
    }

    private static List<String> parts(StepSnapshot s, boolean rate, boolean byteTotal) {
        List<String> parts = new ArrayList<>();
        parts.add(s.step());
        s.fraction().ifPresent(f -> parts.add((int) Math.floor(f * 100) + "%"));
        if (s.bytes() > 0 || s.totalBytes() > 0) {
            parts.add(Sizes.human(s.bytes()) + (byteTotal && s.totalBytes() > 0 ? " of " + Sizes.human(s.totalBytes())
                    : ""));
        }
        if (rate) {
            s.bytesPerSecond().ifPresent(perSecond -> parts.add(Sizes.human(Math.round(perSecond)) + "/s"));
        }
        if (s.items() > 0 || s.totalItems() >= 0) {
            parts.add(s.items() + (s.totalItems() >= 0 ? "/" + s.totalItems() : "") + " files");
        }
        parts.add(s.remaining().map(left -> "ETA " + clock(left)).orElse("elapsed " + clock(s.elapsed())));
        return parts;
    }

    /** m:ss, or h:mm:ss from an hour on. */
    static String clock(Duration d) {
        long seconds = d.toSeconds();
        long h = seconds / 3600;
        long m = seconds / 60 % 60;
        long sec = seconds % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, sec)
                : String.format(Locale.ROOT, "%d:%02d", m, sec);
    }
}
