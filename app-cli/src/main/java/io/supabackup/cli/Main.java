package io.supabackup.cli;

import java.nio.file.Path;

/** The entry point: everything happens in {@link Cli#run}, so that tests can call it with their own streams. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        Interruption.install(System.err);
        System.exit(new Cli(System.out, System.err, System.getenv(), Path.of("").toAbsolutePath(),
                Terminal.system()).run(args));
    }
}
