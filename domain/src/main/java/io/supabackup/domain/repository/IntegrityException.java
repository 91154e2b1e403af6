package io.supabackup.domain.repository;

import java.io.IOException;

/** A stored file does not match what its manifest records. */
public class IntegrityException extends IOException {
    private static final long serialVersionUID = 1L;

    public IntegrityException(String message) {
        super(message);
    }
}
