package io.supabackup.domain.repository;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a stored file and fails, naming the file, as soon as it is longer than recorded or, at its
 * end, when its size or SHA-256 differ from the manifest. Consumers that apply what they read (psql in
 * one transaction) abort on that failure, so corrupt input is never committed.
 */
final class VerifyingInputStream extends HashingInputStream {
    private final String name;
    private final long expectedSize;
    private final String expectedSha256;

    VerifyingInputStream(InputStream in, String name, long expectedSize, String expectedSha256) {
        super(in);
        this.name = name;
        this.expectedSize = expectedSize;
        this.expectedSha256 = expectedSha256;
    }

    @Override
    protected void afterRead() throws IOException {
        if (count() > expectedSize) {
            throw new IntegrityException(name + " is longer than the " + expectedSize + " bytes the manifest records");
        }
    }

    @Override
    protected void onEnd() throws IOException {
        if (count() != expectedSize) {
            throw new IntegrityException(name + " is truncated: " + count() + " of " + expectedSize + " bytes");
        }
        String actual = sha256Hex();
        if (!actual.equals(expectedSha256)) {
            throw new IntegrityException(name + " is corrupt: its SHA-256 is " + actual + ", the manifest records "
                    + expectedSha256);
        }
    }
}
