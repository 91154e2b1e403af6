package io.supabackup.cli.command;

import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import io.supabackup.domain.port.out.ObjectStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Proves that a repository location takes what a backup writes: saves a small object of random bytes under
 * a name no backup uses, reads it back, deletes it and checks that it is gone, through the store as wired
 * (retries, connection limit), so that the check meets what a backup would meet.
 */
final class RepositoryProbe {
    static final String PREFIX = "doctor-probe-";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String WRITE_HINT = "check that the location exists or can be created, and that this user "
            + "(for a bucket: these credentials) may write, read and delete objects there";

    private RepositoryProbe() {
    }

    static void run(ObjectStore store) {
        byte[] content = new byte[1024];
        RANDOM.nextBytes(content);
        byte[] id = new byte[8];
        RANDOM.nextBytes(id);
        String key = PREFIX + HexFormat.of().formatHex(id);
        try {
            store.save(key, new ByteArrayInputStream(content));
        } catch (IOException e) {
            throw new SupabackupException(FailureKind.UNEXPECTED, "cannot write to " + store.location() + ": "
                    + describe(e), WRITE_HINT, e);
        }
        boolean readBack = false;
        try {
            byte[] back;
            try (InputStream in = store.load(key)) {
                back = in.readAllBytes();
            } catch (IOException e) {
                throw new SupabackupException(FailureKind.UNEXPECTED, "wrote to " + store.location()
                        + " but cannot read it back: " + describe(e), WRITE_HINT, e);
            }
            if (!Arrays.equals(back, content)) {
                throw new SupabackupException(FailureKind.PARTIAL, "what was written to " + store.location()
                        + " came back different (" + back.length + " bytes instead of " + content.length + ")",
                        "the store or something between (a proxy, a gateway) alters objects; backups there would fail "
                                + "their checksums");
            }
            readBack = true;
        } finally {
            if (!readBack) {
                try {
                    store.delete(key);
                } catch (IOException | RuntimeException e) {
                    // the failure being reported matters more; the leftover is named by its prefix
                }
            }
        }
        delete(store, key);
    }

    private static void delete(ObjectStore store, String key) {
        try {
            store.delete(key);
            if (store.stat(key).isPresent()) {
                throw new SupabackupException(FailureKind.UNEXPECTED, "the probe object " + key + " in "
                        + store.location() + " is still there after it was deleted", "delete it by hand; " + WRITE_HINT);
            }
        } catch (IOException e) {
            throw new SupabackupException(FailureKind.UNEXPECTED, "cannot delete the probe object " + key + " from "
                    + store.location() + ": " + describe(e), "delete it by hand; " + WRITE_HINT, e);
        }
    }

    /** An I/O failure in words: a file system exception's message is often just a path. */
    static String describe(IOException e) {
        if (e instanceof FileSystemException fs) {
            String what = e instanceof AccessDeniedException ? "permission denied"
                    : e instanceof FileAlreadyExistsException || e instanceof NotDirectoryException
                    ? "a file is in the way"
                    : e instanceof NoSuchFileException ? "no such file or directory"
                    : fs.getReason() != null ? fs.getReason() : e.getClass().getSimpleName();
            return what + (fs.getFile() == null ? "" : " (" + fs.getFile() + ")");
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
