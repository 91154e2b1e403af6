package io.supabackup.domain.port.out;

import io.supabackup.domain.model.TableRef;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongSupplier;

/** Receives one table's rows as JSON Lines; {@code rowsRead} tells how many rows the stream has yielded so far. */
@FunctionalInterface
public interface TableSink {
    void accept(TableRef table, InputStream jsonLines, LongSupplier rowsRead) throws IOException;
}
