package io.supabackup.cli.command;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where a scheduled run reports its outcome: a webhook and a Prometheus textfile. */
public final class ReportingOptions {
    @Option(names = "--notify-url", paramLabel = "URL",
            description = "POST a JSON summary of the outcome (success or failure, id, sizes, duration) to this webhook; "
                    + "it carries a 'text' line, so Slack and Mattermost incoming webhooks show it as it is "
                    + "(env SUPABACKUP_NOTIFY_URL). The URL is treated as a secret.")
    public String notifyUrl;

    @Option(names = "--notify-on", paramLabel = "WHEN", defaultValue = "always",
            description = "always, failure or success (default: ${DEFAULT-VALUE}).")
    public String notifyOn;

    @Option(names = "--metrics-file", paramLabel = "FILE",
            description = "Write Prometheus text-format metrics of this run (last success time, duration, bytes, files) "
                    + "to FILE, for node_exporter's textfile collector (e.g. /var/lib/node_exporter/textfile/supabackup.prom).")
    public Path metricsFile;

    @Option(names = "--job-name", paramLabel = "NAME", defaultValue = "default",
            description = "The name this run reports under, as the 'job' label of the metrics and in notifications "
                    + "(default: ${DEFAULT-VALUE}).")
    public String jobName;
}
