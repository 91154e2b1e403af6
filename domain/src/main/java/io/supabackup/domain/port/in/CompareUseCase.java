package io.supabackup.domain.port.in;

/** Holds a live project against a backup: is everything the backup holds still there, unchanged? */
public interface CompareUseCase {
    CompareReport compare(CompareCommand command);
}
