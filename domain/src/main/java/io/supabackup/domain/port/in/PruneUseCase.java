package io.supabackup.domain.port.in;

/** Removes the backups no retention rule keeps, and the stored files no remaining backup needs. */
public interface PruneUseCase {
    PruneReport prune(PruneCommand command);
}
