package io.supabackup.cli;

import io.supabackup.domain.model.BackupId;
import io.supabackup.domain.repository.ObjectStoreBackupRepository;
import java.io.PrintStream;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * What happens on Ctrl-C (SIGINT or SIGTERM): the backups still being written are given up — their files
 * removed and their locks released — before the JVM exits (with 130 for SIGINT), so that an interrupted
 * run leaves nothing that looks like a backup and nothing that blocks the next one.
 */
public final class Interruption {
    private static final Set<ObjectStoreBackupRepository> WATCHED = Collections.synchronizedSet(
            Collections.newSetFromMap(new WeakHashMap<>()));

    private Interruption() {
    }

    /** Called once by {@link Main}: on shutdown, gives up the unfinished backups of every watched repository. */
    static void install(PrintStream err) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            List<ObjectStoreBackupRepository> repositories;
            synchronized (WATCHED) {
                repositories = List.copyOf(WATCHED);
            }
            for (ObjectStoreBackupRepository repository : repositories) {
                for (BackupId id : repository.abortUnfinished()) {
                    err.println("supabackup: interrupted: backup " + id + " was not finished and has been removed");
                }
            }
        }, "supabackup-interrupted"));
    }

    /** Watches a repository for the lifetime of the run. */
    public static void watch(ObjectStoreBackupRepository repository) {
        WATCHED.add(repository);
    }
}
