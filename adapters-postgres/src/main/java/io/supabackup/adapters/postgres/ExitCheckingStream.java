package io.supabackup.adapters.postgres;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A tool's stdout that, at its end, waits for the tool and fails the read if the tool failed. The
 * reader therefore never mistakes the output of a failed dump for a complete one.
 */
final class ExitCheckingStream extends FilterInputStream {
    /** The tool exited with a non-zero code. */
    static final class ToolFailed extends IOException {
        private static final long serialVersionUID = 1L;
        private final int exitCode;

        ToolFailed(String message, int exitCode) {
            super(message);
            this.exitCode = exitCode;
        }

        int exitCode() {
            return exitCode;
        }
    }

    private final ChildProcess child;

    ExitCheckingStream(InputStream in, ChildProcess child) {
        super(in);
        this.child = child;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b < 0) {
            checkExit();
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n < 0) {
            checkExit();
        }
        return n;
    }

    private void checkExit() throws ToolFailed {
        int exit = child.waitFor();
        if (exit != 0 && !child.wasKilled()) {
            throw new ToolFailed(child.name() + " failed: " + child.explanation(exit), exit);
        }
    }

    /** The {@link ToolFailed} somewhere in {@code e}'s causes, or {@code null}. */
    static ToolFailed toolFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ToolFailed failed) {
                return failed;
            }
            for (Throwable s : t.getSuppressed()) {
                if (s instanceof ToolFailed failed) {
                    return failed;
                }
            }
        }
        return null;
    }
}
