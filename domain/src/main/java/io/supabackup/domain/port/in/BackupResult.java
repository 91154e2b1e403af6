package io.supabackup.domain.port.in;

import io.supabackup.domain.model.Manifest;
import java.time.Duration;

/** A committed backup and how long it took. */
public record BackupResult(Manifest manifest, Duration took) {
}
