package io.supabackup.cli.command;

import io.supabackup.api.Supabackup;
import io.supabackup.domain.port.out.BackupRepository.LockInfo;
import io.supabackup.domain.port.out.BackupRepository.LockStatus;
import java.io.PrintStream;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code supabackup unlock}: removes locks left behind by processes that are gone. */
@Command(name = "unlock", description = "Remove stale repository locks: those of processes on this host that no "
        + "longer run, and those not refreshed for 30 minutes. Lists the locks with --list.")
final class UnlockCommand extends AbstractCommand {
    @Option(names = "--list", description = "Only list the locks, removing nothing.")
    boolean list;

    @Option(names = "--remove-all", description = "Remove every lock, live ones too. Only when you are sure no "
            + "supabackup process works on this repository.")
    boolean removeAll;

    @Mixin
    RepositoryOptions repository;

    @Override
    public Integer call() {
        try (Supabackup repo = supabackup(repository, null)) {
            return unlock(repo);
        }
    }

    private int unlock(Supabackup repo) {
        PrintStream out = context().out();
        if (list) {
            List<LockStatus> locks = repo.locks();
            if (output.json) {
                printJson(locks.stream().map(s -> java.util.Map.of("mode", s.lock().mode().name().toLowerCase(java.util.Locale.ROOT),
                        "owner", s.lock().owner(), "host", s.lock().host(), "pid", s.lock().pid(),
                        "refreshedAt", s.lock().refreshedAt().toString(), "stale", s.stale())).toList());
                return 0;
            }
            if (locks.isEmpty()) {
                out.println("No locks.");
            }
            locks.forEach(s -> out.println((s.stale() ? "stale " : "live  ") + s.lock().mode().name().toLowerCase(java.util.Locale.ROOT)
                    + "  " + s.lock().describe()));
            return 0;
        }
        List<LockInfo> removed = repo.unlock(removeAll);
        removed.forEach(l -> out.println("removed " + l.mode().name().toLowerCase(java.util.Locale.ROOT) + " lock of " + l.describe()));
        long live = repo.locks().size();
        out.println(removed.size() + " lock(s) removed" + (live > 0 ? ", " + live + " live lock(s) left" : "") + ".");
        return 0;
    }
}
