package io.supabackup.cli.command;

import io.supabackup.cli.CliContext;
import io.supabackup.cli.ExitCodes;
import io.supabackup.cli.Failure;
import io.supabackup.cli.wiring.MetricsFile;
import io.supabackup.cli.wiring.Notifier;
import io.supabackup.cli.wiring.RunOutcome;
import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;

/** Tells the webhook and the metrics file how a scheduled run ended, when the user asked for either. */
final class RunReporter {
    private final ReportingOptions options;
    private final CliContext context;
    private final String command;
    private final String repository;
    private final Instant started = Instant.now();
    private final URI notifyUrl;
    private final String notifyOn;

    RunReporter(ReportingOptions options, CliContext context, String command, String repository) {
        this.options = options;
        this.context = context;
        this.command = command;
        this.repository = repository;
        notifyOn = options.notifyOn == null ? "always" : options.notifyOn.toLowerCase(Locale.ROOT);
        if (!Set.of("always", "failure", "success").contains(notifyOn)) {
            throw new SupabackupException(FailureKind.USAGE, "--notify-on does not know '" + options.notifyOn + "'",
                    "use always, failure or success");
        }
        if (options.notifyUrl != null && !options.notifyUrl.isBlank()) {
            // webhook URLs carry their token in the path: never shown
            context.registerSecret(options.notifyUrl);
            try {
                URI uri = new URI(options.notifyUrl.trim());
                if (!"https".equalsIgnoreCase(uri.getScheme()) && !"http".equalsIgnoreCase(uri.getScheme())) {
                    throw new URISyntaxException(options.notifyUrl, "not http(s)");
                }
                notifyUrl = uri;
            } catch (URISyntaxException e) {
                throw new SupabackupException(FailureKind.USAGE, "--notify-url is not an http(s) URL",
                        "give the webhook's full URL, e.g. https://hooks.slack.com/services/…");
            }
        } else {
            notifyUrl = null;
        }
    }

    void succeeded(String backupId, long bytes, long files) {
        report(new RunOutcome(command, options.jobName, true, ExitCodes.OK, backupId, bytes, files,
                Duration.between(started, Instant.now()), Instant.now(), repository, null));
    }

    void failed(Throwable e) {
        Failure failure = Failure.of(e);
        String message = failure.message();
        report(new RunOutcome(command, options.jobName, false, failure.code(), null, 0, 0,
                Duration.between(started, Instant.now()), Instant.now(), repository,
                context.redact(message == null ? e.getClass().getSimpleName() : message)));
    }

    private void report(RunOutcome outcome) {
        if (options.metricsFile != null) {
            try {
                new MetricsFile(options.metricsFile).write(outcome);
            } catch (IOException | RuntimeException e) {
                context.err().println("! could not write the metrics file " + options.metricsFile + ": " + e.getMessage());
            }
        }
        boolean wanted = notifyOn.equals("always") || (notifyOn.equals("failure") != outcome.ok());
        if (notifyUrl != null && wanted) {
            new Notifier(notifyUrl).send(outcome).ifPresent(problem ->
                    context.err().println("! the notification was not delivered: " + context.redact(problem)));
        }
    }
}
