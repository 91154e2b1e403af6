package io.supabackup.adapters.postgres;

import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import io.supabackup.domain.model.DatabaseEndpoint;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The two settings of pg_dump's session that change how rows print and that pg_dump leaves as the
 * server gives them: {@code TimeZone} (how timestamptz values print) and {@code client_encoding}
 * (the bytes text is sent in). pgjdbc cannot reproduce them: it always sends its JVM's time zone and
 * UTF8 when it connects, and those count as the session's defaults, so {@code RESET} brings back pgjdbc's
 * values, not the server's. psql, run like pg_dump (same libpq, same environment, stdout not a terminal,
 * so it asks for no encoding of its own), gets exactly what pg_dump gets, from postgresql.conf and any
 * {@code ALTER DATABASE/ROLE … SET}.
 */
record DumpSession(String timeZone, String clientEncoding) {

    static DumpSession probe(DatabaseEndpoint source, ToolLocator tools, ServerProbe server) {
        ToolLocator.Found psql = tools.preferAtLeast(PgTool.PSQL, server.major(), server.version());
        List<String> command = List.of(psql.path().toString(), "--no-psqlrc", "--no-align", "--tuples-only",
                "--quiet", "--command=SELECT pg_catalog.current_setting('TimeZone') || chr(9) "
                        + "|| pg_catalog.current_setting('client_encoding')");
        ChildProcess child = ChildProcess.start("psql", command, Connections.childEnvironment(source),
                source.password());
        child.closeStdin();
        String output;
        try (InputStream out = child.stdout()) {
            output = new String(out.readNBytes(4096), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            child.kill();
            output = "";
        }
        int exit = child.waitFor();
        String[] values = output.split("\t");
        if (exit != 0 || values.length != 2 || values[0].isBlank() || values[1].isBlank()) {
            throw new SupabackupException(FailureKind.DATABASE,
                    "psql could not read the time zone and encoding a dump of " + source.redacted()
                            + " would use: " + child.explanation(exit),
                    "the table stats must print rows as pg_dump does, which needs these two settings");
        }
        return new DumpSession(values[0].strip(), values[1].strip());
    }

    /** True when the rows are sent as pgjdbc receives them anyway, without converting. */
    boolean utf8() {
        return clientEncoding.equalsIgnoreCase("UTF8");
    }
}
