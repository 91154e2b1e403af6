package io.supabackup.domain.port.in;

/** Restores a complete backup into a database. */
public interface RestoreUseCase {
    RestoreResult restore(RestoreCommand command);
}
