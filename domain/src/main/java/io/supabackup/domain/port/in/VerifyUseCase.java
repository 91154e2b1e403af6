package io.supabackup.domain.port.in;

/** Proves that backups can be read back: every file, its size and its SHA-256, against the manifest. */
public interface VerifyUseCase {
    VerifyReport verify(VerifyCommand command);
}
