package io.supabackup.domain.port.in;

import io.supabackup.domain.model.Manifest;
import java.time.Duration;

/**
 * A committed backup and how long it took; for a dry run, no manifest and the plan of what would be done.
 */
public record BackupResult(Manifest manifest, Duration took, java.util.List<String> plan) {
    public BackupResult {
        plan = java.util.List.copyOf(plan);
    }

    public BackupResult(Manifest manifest, Duration took) {
        this(manifest, took, java.util.List.of());
    }

    public boolean dryRun() {
        return manifest == null;
    }
}
