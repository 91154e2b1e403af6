package io.supabackup.cli.wiring;

import io.supabackup.cli.Terminal;
import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import io.supabackup.domain.port.out.Confirmer;
import java.util.Locale;

/** Asks on the terminal; without one it refuses, because nobody can say yes. */
final class TerminalConfirmer implements Confirmer {
    private final Terminal terminal;

    TerminalConfirmer(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public boolean confirm(String question) {
        if (!terminal.interactive()) {
            throw new SupabackupException(FailureKind.REFUSED,
                    "this needs a confirmation, and there is no terminal to ask on",
                    "add --yes to confirm in advance");
        }
        String answer = terminal.ask(question + " Type 'yes' to continue: ");
        return answer != null && answer.trim().toLowerCase(Locale.ROOT).equals("yes");
    }
}
