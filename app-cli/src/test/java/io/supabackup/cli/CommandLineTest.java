package io.supabackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.supabackup.cli.command.SupabackupCommand;
import io.supabackup.cli.config.Settings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line a run parses with: only the command it names, or all of them when it names none. */
class CommandLineTest {
    private static final String[] ALL = {"backup", "restore", "list", "show", "verify", "compare", "prune", "unlock",
            "key", "doctor"};

    @TempDir
    Path dir;

    private CliContext context() {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream());
        return new CliContext(sink, sink, Map.of(), dir, Terminal.none(), Settings.load(Map.of(), dir, null));
    }

    @Test
    void aRunThatNamesACommandReadsTheOptionsOfThatCommandAlone() {
        assertThat(SupabackupCommand.commandLine(context(), "backup", "--db-url", "postgresql://h/db").getSubcommands())
                .containsOnlyKeys("backup");
        assertThat(SupabackupCommand.commandLine(context(), "key", "generate").getSubcommands()).containsOnlyKeys("key");
    }

    @Test
    void theOverviewHelpAndAMistypedCommandKnowEveryCommandInOrder() {
        for (String[] args : new String[][] {{}, {"--help"}, {"-V"}, {"bakup"}}) {
            assertThat(SupabackupCommand.commandLine(context(), args).getSubcommands().keySet())
                    .as(String.join(" ", args)).containsExactly(ALL);
        }
    }
}
