package io.supabackup.cli.wiring;

import io.supabackup.cli.Terminal;
import io.supabackup.domain.port.out.Confirmer;
import io.supabackup.domain.port.out.ProgressListener;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;

/**
 * What the command line hands the object graph in place of an embedding program's choices: progress drawn on
 * standard error in the style the terminal and the environment call for, and confirmations asked on the
 * terminal.
 */
public final class TerminalUi {
    private TerminalUi() {
    }

    /**
     * A bar on a screen, plain lines elsewhere, nothing when {@code quiet}; {@code SUPABACKUP_PROGRESS} and
     * {@code NO_COLOR} override the choice.
     */
    public static ProgressListener progress(boolean quiet, Terminal terminal, Map<String, String> environment,
                                            PrintStream err) {
        return ProgressStyle.choose(quiet, terminal.redrawable(), environment)
                .listener(err, Clock.systemUTC(), environment);
    }

    /** Asks on the terminal; without one it refuses, because nobody can say yes. */
    public static Confirmer confirmer(Terminal terminal) {
        return new TerminalConfirmer(terminal);
    }
}
