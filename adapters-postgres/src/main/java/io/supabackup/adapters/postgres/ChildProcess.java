package io.supabackup.adapters.postgres;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running PostgreSQL client tool. Its stderr is drained on its own thread so the tool never blocks on
 * a full pipe; the last lines are kept, with passwords blanked, to explain a failure.
 */
final class ChildProcess {
    private static final Logger LOG = LoggerFactory.getLogger(ChildProcess.class);
    private static final int KEPT_LINES = 20;
    private static final int MAX_LINE = 2000;
    private static final int KEPT_ERRORS = 200;

    private final String name;
    private final Process process;
    private final Thread stderrThread;
    private final Deque<String> lastLines = new ArrayDeque<>();
    private final String password;
    private String firstError;
    private final List<String> errors = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private int errorCount;
    private volatile boolean killed;

    private ChildProcess(String name, Process process, String password) {
        this.name = name;
        this.process = process;
        this.password = password;
        this.stderrThread = new Thread(this::drainStderr, "supabackup-" + name + "-stderr");
        this.stderrThread.setDaemon(true);
        this.stderrThread.start();
    }

    static ChildProcess start(String name, List<String> command, Map<String, String> environment, String password) {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(environment);
        LOG.debug("running {}", String.join(" ", command));
        try {
            return new ChildProcess(name, builder.start(), password);
        } catch (IOException e) {
            throw new io.supabackup.domain.error.SupabackupException(io.supabackup.domain.error.FailureKind.TOOL,
                    "cannot start " + name + ": " + e.getMessage(), "check that " + command.get(0) + " can be run", e);
        }
    }

    String name() {
        return name;
    }

    InputStream stdout() {
        return process.getInputStream();
    }

    OutputStream stdin() {
        return process.getOutputStream();
    }

    void closeStdin() {
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // the tool does not read its input
        }
    }

    /** Drains stdout on a thread of its own, logging it, for tools whose output nobody reads. */
    Thread drainStdout() {
        Thread t = new Thread(() -> {
            try (InputStream in = process.getInputStream()) {
                byte[] buf = new byte[8192];
                while (in.read(buf) >= 0) {
                    // psql's progress ("SET", "COPY 12") is of no use to us
                }
            } catch (IOException ignored) {
                // the process went away
            }
        }, "supabackup-" + name + "-stdout");
        t.setDaemon(true);
        t.start();
        return t;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Kills the tool at once; a psql inside a transaction thereby rolls it back. */
    void kill() {
        killed = true;
        process.destroyForcibly();
    }

    boolean wasKilled() {
        return killed;
    }

    /** Waits for the tool to end and for its stderr to be read to the end; returns its exit code. */
    int waitFor() {
        boolean interrupted = false;
        while (true) {
            try {
                int code = process.waitFor();
                stderrThread.join(TimeUnit.SECONDS.toMillis(10));
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
                return code;
            } catch (InterruptedException e) {
                interrupted = true;
                kill();
            }
        }
    }

    /** The line that best explains a failure: the first error line, else the last line, else the exit code. */
    synchronized String explanation(int exitCode) {
        if (firstError != null) {
            return firstError;
        }
        if (!lastLines.isEmpty()) {
            return lastLines.getLast();
        }
        return name + " exited with code " + exitCode;
    }

    synchronized List<String> lastLines() {
        return List.copyOf(lastLines);
    }

    /** Every error line, for a tool that goes on after errors (at most {@value #KEPT_ERRORS} are kept). */
    synchronized List<String> errorLines() {
        return List.copyOf(errors);
    }

    /** The server's warnings the tool printed (at most {@value #KEPT_ERRORS} are kept). */
    synchronized List<String> warningLines() {
        return List.copyOf(warnings);
    }

    /** How many error lines the tool printed, including those beyond what {@link #errorLines()} keeps. */
    synchronized int errorCount() {
        return errorCount;
    }

    private void drainStderr() {
        try (InputStream in = process.getErrorStream()) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0) {
                if (b == '\n') {
                    addLine(line);
                    line.reset();
                } else if (line.size() < MAX_LINE) {
                    line.write(b);
                }
            }
            if (line.size() > 0) {
                addLine(line);
            }
        } catch (IOException e) {
            LOG.debug("stopped reading the stderr of {}: {}", name, e.getMessage());
        }
    }

    private void addLine(ByteArrayOutputStream bytes) {
        String text = Secrets.scrub(bytes.toString(StandardCharsets.UTF_8).stripTrailing(), password);
        if (text.isBlank()) {
            return;
        }
        LOG.debug("{}: {}", name, text);
        synchronized (this) {
            if (isErrorLine(text)) {
                if (firstError == null) {
                    firstError = text;
                }
                if (errors.size() < KEPT_ERRORS) {
                    errors.add(text);
                }
                errorCount++;
            } else if (text.contains("WARNING:") && warnings.size() < KEPT_ERRORS) {
                warnings.add(text);
            }
            lastLines.addLast(text);
            if (lastLines.size() > KEPT_LINES) {
                lastLines.removeFirst();
            }
        }
    }

    private static boolean isErrorLine(String text) {
        return text.contains("ERROR:") || text.contains("FATAL:") || text.contains("error:");
    }
}
