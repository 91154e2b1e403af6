package io.supabackup.domain.port.in;

import io.supabackup.domain.model.BackupSummary;
import java.util.List;

/** The backups of the repository, complete and incomplete, oldest first. */
public interface ListBackupsUseCase {
    List<BackupSummary> list();

    /** One backup by id ({@code latest} for the newest complete one), complete or not. */
    BackupSummary show(String idOrLatest);

    /** The whole manifest of a complete backup, decrypted when the backup is encrypted (which needs its key). */
    io.supabackup.domain.model.Manifest manifest(String idOrLatest);
}
