package io.supabackup.domain.port.in;

import io.supabackup.domain.model.BackupId;
import io.supabackup.domain.model.RetentionPolicy;
import java.util.List;

/**
 * What a prune removed (or, dry, would remove).
 *
 * @param kept              the complete backups kept, newest first, with the rules that keep each
 * @param removed           complete backups removed
 * @param removedIncomplete incomplete backups removed
 * @param blobsRemoved      stored files no remaining backup refers to, removed
 * @param blobBytesRemoved  the bytes they took
 * @param blobsKept         stored files still referenced (or too young to collect)
 * @param blobsNotCollected why stored files were not collected, or null when they were
 */
public record PruneReport(boolean dryRun, List<RetentionPolicy.Kept> kept, List<BackupId> removed,
                          List<BackupId> removedIncomplete, long blobsRemoved, long blobBytesRemoved, long blobsKept,
                          long bytesRemoved, String blobsNotCollected) {
    public PruneReport {
        kept = List.copyOf(kept);
        removed = List.copyOf(removed);
        removedIncomplete = List.copyOf(removedIncomplete);
    }
}
