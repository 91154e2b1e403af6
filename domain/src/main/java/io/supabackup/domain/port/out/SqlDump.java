package io.supabackup.domain.port.out;

import io.supabackup.domain.model.DumpKind;
import java.io.InputStream;
import java.util.Objects;

/** A plain-SQL dump to replay: what it is and its content. */
public record SqlDump(DumpKind kind, InputStream sql) {
    public SqlDump {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(sql, "sql");
        if (kind == DumpKind.FULL) {
            throw new IllegalArgumentException("a full archive is restored with pg_restore, not replayed as SQL");
        }
    }
}
