package io.supabackup.domain.port.in;

/** Makes a new, complete backup or fails leaving no complete-looking backup behind. */
public interface BackupUseCase {
    BackupResult backup(BackupCommand command);
}
