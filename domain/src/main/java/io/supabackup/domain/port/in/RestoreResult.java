package io.supabackup.domain.port.in;

import io.supabackup.domain.model.Manifest;
import java.time.Duration;
import java.util.List;

/** What a restore did: the backup it read, the steps it ran, how long it took. */
public record RestoreResult(Manifest manifest, String target, List<String> steps, Duration took) {
    public RestoreResult {
        steps = List.copyOf(steps);
    }
}
