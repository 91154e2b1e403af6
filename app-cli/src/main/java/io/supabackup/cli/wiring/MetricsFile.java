package io.supabackup.cli.wiring;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prometheus text-format metrics of the last run of each command, for node_exporter's textfile collector.
 * The file is replaced atomically (node_exporter must never read half a file), and the last success time
 * survives a failed run, so that an alert on "no success for 26 hours" works.
 */
public final class MetricsFile {
    private final Path file;

    public MetricsFile(Path file) {
        this.file = file;
    }

    public void write(RunOutcome outcome) throws IOException {
        String prefix = "supabackup_" + outcome.command() + "_";
        String labels = "{job=\"" + escape(outcome.job()) + "\"}";
        double lastSuccess = outcome.ok() ? seconds(outcome) : previous(prefix + "last_success_timestamp_seconds" + labels);
        StringBuilder text = new StringBuilder();
        gauge(text, prefix + "last_run_timestamp_seconds", "When the last " + outcome.command() + " ended.", labels,
                seconds(outcome));
        gauge(text, prefix + "last_run_success", "1 when the last " + outcome.command() + " succeeded, else 0.", labels,
                outcome.ok() ? 1 : 0);
        gauge(text, prefix + "last_run_exit_code", "The exit code of the last " + outcome.command() + ".", labels,
                outcome.exitCode());
        if (lastSuccess >= 0) {
            gauge(text, prefix + "last_success_timestamp_seconds", "When a " + outcome.command()
                    + " last succeeded.", labels, lastSuccess);
        }
        gauge(text, prefix + "last_run_duration_seconds", "How long the last " + outcome.command() + " took.", labels,
                outcome.took().toMillis() / 1000.0);
        gauge(text, prefix + "last_run_bytes", "Bytes the last " + outcome.command() + " stored, checked or freed.",
                labels, outcome.bytes());
        gauge(text, prefix + "last_run_files", "Files the last " + outcome.command() + " stored, checked or removed.",
                labels, outcome.files());
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temporary = Files.createTempFile(parent, "." + file.getFileName(), ".tmp");
        try {
            Files.writeString(temporary, text.toString(), StandardCharsets.UTF_8);
            try {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static double seconds(RunOutcome outcome) {
        return outcome.finishedAt().toEpochMilli() / 1000.0;
    }

    /** A value of the file written by an earlier run, or -1 when there is none. */
    private double previous(String series) {
        if (!Files.isRegularFile(file)) {
            return -1;
        }
        try {
            Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE)
                    .matcher(Files.readString(file, StandardCharsets.UTF_8));
            return m.find() ? Double.parseDouble(m.group(1)) : -1;
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    private static void gauge(StringBuilder text, String name, String help, String labels, double value) {
        text.append("# HELP ").append(name).append(' ').append(help).append('\n');
        text.append("# TYPE ").append(name).append(" gauge\n");
        text.append(name).append(labels).append(' ').append(format(value)).append('\n');
    }

    private static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%.3f", value);
    }

    private static String escape(String label) {
        return label.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
