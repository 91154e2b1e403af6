package io.supabackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.supabackup.testkit.supabase.FakeSupabase;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --notify-url and --metrics-file: what a scheduled run tells the outside world about how it went. */
class ReportingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SAMPLE = Pattern.compile("^([a-z_]+)\\{job=\"([^\"]*)\"} (\\S+)$");

    @TempDir
    Path work;

    private HttpServer webhook;
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private String hookUrl;

    @BeforeEach
    void startWebhook() throws Exception {
        webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/hooks/T0KEN-secret", exchange -> {
            received.add(JSON.readTree(exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        webhook.start();
        hookUrl = "http://127.0.0.1:" + webhook.getAddress().getPort() + "/hooks/T0KEN-secret";
    }

    @AfterEach
    void stopWebhook() {
        webhook.stop(0);
    }

    private static double sample(String metrics, String name) {
        for (String line : metrics.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (m.matches() && m.group(1).equals(name)) {
                return Double.parseDouble(m.group(3));
            }
        }
        return Double.NaN;
    }

    @Test
    void aSuccessAndThenAFailureAreNotifiedAndLeaveMetricsAnAlertCanUse() throws Exception {
        try (FakeSupabase project = FakeSupabase.start()) {
            project.storage().createBucket("docs");
            project.storage().putObject("docs", "a.txt", "alpha".getBytes(StandardCharsets.UTF_8), "text/plain",
                    "no-cache", null);
            CliRunner cli = new CliRunner(work).env("SUPABASE_URL", project.url())
                    .env("SUPABASE_SERVICE_ROLE_KEY", project.serviceRoleKey());
            Path metricsFile = work.resolve("textfile/supabackup.prom");

            CliRunner.Result ok = cli.run("backup", "--only", "storage", "--repo", "repo", "--notify-url", hookUrl,
                    "--metrics-file", metricsFile.toString(), "--job-name", "prod");
            assertThat(ok.exitCode()).as(ok.toString()).isZero();
            assertThat(received).singleElement().satisfies(body -> {
                assertThat(body.get("status").asText()).isEqualTo("success");
                assertThat(body.get("command").asText()).isEqualTo("backup");
                assertThat(body.get("job").asText()).isEqualTo("prod");
                assertThat(body.get("backupId").asText()).matches("\\d{4}-.*Z");
                assertThat(body.get("files").asLong()).isPositive();
                assertThat(body.get("text").asText()).contains("succeeded");
            });
            String metrics = Files.readString(metricsFile);
            double success = sample(metrics, "supabackup_backup_last_success_timestamp_seconds");
            assertThat(success).isGreaterThan(1.7e9);
            assertThat(sample(metrics, "supabackup_backup_last_run_success")).isEqualTo(1);
            assertThat(metrics).contains("# TYPE supabackup_backup_last_run_bytes gauge");

            project.faults().forPath("/storage/v1/bucket").failAlways(500);
            CliRunner.Result failed = cli.run("backup", "--only", "storage", "--repo", "repo", "--notify-url", hookUrl,
                    "--metrics-file", metricsFile.toString(), "--job-name", "prod", "--notify-on", "failure");
            assertThat(failed.exitCode()).isNotZero();
            assertThat(received).hasSize(2);
            assertThat(received.get(1).get("status").asText()).isEqualTo("failure");
            assertThat(received.get(1).get("error").asText()).isNotBlank();
            assertThat(received.get(1).get("exitCode").asInt()).isEqualTo(failed.exitCode());
            metrics = Files.readString(metricsFile);
            assertThat(sample(metrics, "supabackup_backup_last_run_success")).isZero();
            assertThat(sample(metrics, "supabackup_backup_last_success_timestamp_seconds"))
                    .as("the last success survives a failed run").isEqualTo(success);
            assertThat(ok.out() + ok.err() + failed.out() + failed.err()).doesNotContain("T0KEN-secret");
        }
    }

    @Test
    void anUnreachableWebhookIsAWarningNeverAFailureAndItsUrlStaysSecret() {
        try (FakeSupabase project = FakeSupabase.start()) {
            project.storage().createBucket("docs");
            webhook.stop(0);
            CliRunner.Result run = new CliRunner(work).env("SUPABASE_URL", project.url())
                    .env("SUPABASE_SERVICE_ROLE_KEY", project.serviceRoleKey())
                    .run("backup", "--only", "storage", "--repo", "repo", "--notify-url", hookUrl);
            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.err()).contains("notification was not delivered").doesNotContain("T0KEN-secret");
        }
    }

    @Test
    void aNotifyUrlThatIsNotHttpIsAUsageError() {
        CliRunner.Result run = new CliRunner(work).run("verify", "--repo", "repo", "--notify-url", "ftp://x/y");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--notify-url").doesNotContain("ftp://x/y");
    }
}
