package io.supabackup.examples;

import io.supabackup.api.Supabackup;
import io.supabackup.domain.error.SupabackupException;
import io.supabackup.domain.model.DatabaseEndpoint;
import io.supabackup.domain.model.DumpMode;
import io.supabackup.domain.model.RetentionPolicy;
import io.supabackup.domain.port.in.BackupCommand;
import io.supabackup.domain.port.in.BackupResult;
import io.supabackup.domain.port.in.PruneCommand;
import io.supabackup.domain.port.in.PruneReport;
import io.supabackup.domain.port.in.VerifyCommand;
import io.supabackup.domain.port.in.VerifyReport;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Backs up the database at {@code SUPABASE_DB_URL} into a directory, reads the new backup back, and keeps the
 * last seven backups: {@code supabackup backup}, {@code verify} and {@code prune --keep-last 7} from Java,
 * with the results as records rather than printed text.
 *
 * <pre>{@code
 * SUPABASE_DB_URL=postgresql://… java … io.supabackup.examples.BackupToDirectory /var/backups/supabase
 * }</pre>
 */
public final class BackupToDirectory {
    private BackupToDirectory() {
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: BackupToDirectory DIRECTORY   (the database comes from SUPABASE_DB_URL)");
            System.exit(2);
        }
        System.exit(run(Path.of(args[0]), System.getenv("SUPABASE_DB_URL"), System.out, System.err));
    }

    /**
     * The whole example; returns the exit code: 0 when the backup verified, 3 when it did not, 2 without a
     * database, 1 when a step failed.
     */
    public static int run(Path directory, String databaseUrl, PrintStream out, PrintStream err) {
        if (databaseUrl == null || databaseUrl.isBlank()) {
            err.println("SUPABASE_DB_URL is not set: postgresql://USER:PASSWORD@HOST:PORT/postgres");
            return 2;
        }
        try (Supabackup supabackup = Supabackup.builder()
                .repository(directory)
                .build()) {
            // DatabaseEndpoint.toString() never shows the password, so the records below are safe to print
            BackupResult backup = supabackup.backup(
                    new BackupCommand(DatabaseEndpoint.parse(databaseUrl), DumpMode.SUPABASE, false));
            out.println(backup);

            VerifyReport verified = supabackup.verify(new VerifyCommand(backup.manifest().id().value(), false, false));
            out.println(verified);

            PruneReport pruned = supabackup.prune(new PruneCommand(
                    new RetentionPolicy(7, 0, 0, 0, Duration.ZERO), Duration.ofHours(1), false));
            out.println(pruned);
            return verified.ok() ? 0 : 3;
        } catch (SupabackupException e) {
            // one line meant for a person, with a hint of the fix
            err.println("error: " + e.getMessage() + (e.hint() == null ? "" : " (" + e.hint() + ")"));
            return 1;
        }
    }
}
