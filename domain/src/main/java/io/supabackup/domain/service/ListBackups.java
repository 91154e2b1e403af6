package io.supabackup.domain.service;

import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import io.supabackup.domain.model.BackupSummary;
import io.supabackup.domain.port.in.ListBackupsUseCase;
import io.supabackup.domain.port.out.BackupRepository;
import java.util.List;

/** Lists backups, complete and incomplete, and describes one. */
public final class ListBackups implements ListBackupsUseCase {
    private final BackupRepository repository;

    public ListBackups(BackupRepository repository) {
        this.repository = repository;
    }

    @Override
    public List<BackupSummary> list() {
        return repository.list();
    }

    @Override
    public io.supabackup.domain.model.Manifest manifest(String idOrLatest) {
        return repository.open(idOrLatest).manifest();
    }

    @Override
    public BackupSummary show(String idOrLatest) {
        List<BackupSummary> all = repository.list();
        if (idOrLatest == null || idOrLatest.equals("latest")) {
            return all.stream().filter(BackupSummary::complete).reduce((a, b) -> b)
                    .orElseThrow(() -> new SupabackupException(FailureKind.NOT_FOUND,
                            "the repository at " + repository.location() + " holds no complete backup",
                            "run 'supabackup backup' first"));
        }
        return all.stream().filter(s -> s.id().value().equals(idOrLatest)).findFirst()
                .orElseThrow(() -> new SupabackupException(FailureKind.NOT_FOUND,
                        "no backup " + idOrLatest + " in " + repository.location(),
                        "'supabackup list' shows the backups there are"));
    }
}
