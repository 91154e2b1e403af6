package io.supabackup.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The person at the keyboard, if there is one. */
public interface Terminal {
    /** True when a person can answer questions. */
    boolean interactive();

    /** Shows the prompt and returns the answer line, or {@code null} at end of input. */
    String ask(String prompt);

    /**
     * True when output goes to a screen where a line can be redrawn in place, not to a pipe, a file or a log.
     * Standard Java cannot ask about standard error alone; a console is the best sign it has.
     */
    default boolean redrawable() {
        return false;
    }

    /** Like {@link #ask}, without echoing what is typed. */
    default String askSecret(String prompt) {
        return ask(prompt);
    }

    static Terminal system() {
        Console console = System.console();
        if (console == null) {
            return none();
        }
        return new Terminal() {
            @Override
            public boolean interactive() {
                return true;
            }

            @Override
            public boolean redrawable() {
                return true;
            }

            @Override
            public String ask(String prompt) {
                return console.readLine("%s", prompt);
            }

            @Override
            public String askSecret(String prompt) {
                char[] typed = console.readPassword("%s", prompt);
                return typed == null ? null : new String(typed);
            }
        };
    }

    static Terminal none() {
        return new Terminal() {
            @Override
            public boolean interactive() {
                return false;
            }

            @Override
            public String ask(String prompt) {
                return null;
            }
        };
    }

    /** A terminal answering from {@code input}, for tests and scripted sessions. */
    static Terminal scripted(String input, PrintStream echo) {
        BufferedReader reader = new BufferedReader(new InputStreamReader(
                new java.io.ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8));
        return new Terminal() {
            @Override
            public boolean interactive() {
                return true;
            }

            @Override
            public String ask(String prompt) {
                echo.print(prompt);
                try {
                    return reader.readLine();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }
}
