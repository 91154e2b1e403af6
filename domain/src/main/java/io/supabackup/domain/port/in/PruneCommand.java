package io.supabackup.domain.port.in;

import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import io.supabackup.domain.model.RetentionPolicy;
import java.time.Duration;
import java.util.Objects;

/**
 * How to prune.
 *
 * @param policy          which complete backups to keep; at least one rule is required
 * @param incompleteGrace incomplete backups (and stored files no backup refers to) younger than this are left
 *                        alone: a backup may still be running elsewhere, or be retried and reuse what arrived
 * @param dryRun          report what would be removed, change nothing
 */
public record PruneCommand(RetentionPolicy policy, Duration incompleteGrace, boolean dryRun) {
    public PruneCommand {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(incompleteGrace, "incompleteGrace");
        if (policy.isEmpty()) {
            throw new SupabackupException(FailureKind.USAGE, "prune needs at least one rule of what to keep",
                    "give --keep-last N, --keep-daily N, --keep-weekly N, --keep-monthly N or --keep-within 30d");
        }
        if (incompleteGrace.isNegative()) {
            throw new SupabackupException(FailureKind.USAGE, "--incomplete-grace cannot be negative");
        }
    }
}
