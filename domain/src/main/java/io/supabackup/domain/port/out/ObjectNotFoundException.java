package io.supabackup.domain.port.out;

import java.io.IOException;

/** The key asked for does not exist in the {@link ObjectStore}. */
public class ObjectNotFoundException extends IOException {
    private static final long serialVersionUID = 1L;

    public ObjectNotFoundException(String key) {
        super("no object at key '" + key + "'");
    }
}
