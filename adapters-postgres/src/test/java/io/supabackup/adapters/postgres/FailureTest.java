package io.supabackup.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import io.supabackup.domain.model.DatabaseEndpoint;
import io.supabackup.domain.model.DumpKind;
import io.supabackup.testkit.PostgresServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FailureTest {
    private static final String PASSWORD = "Sup3r-Secret-pw";
    private final ToolLocator tools = new ToolLocator(PostgresConfig.defaults());
    private final PgDatabaseExporter exporter = new PgDatabaseExporter(tools);
    private final PgDatabaseImporter importer = new PgDatabaseImporter(tools);

    @TempDir
    Path temp;

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void aClosedPortIsADatabaseFailureNamingTheAddressButNotThePassword() throws IOException {
        int port = closedPort();
        DatabaseEndpoint endpoint = new DatabaseEndpoint("127.0.0.1", port, "postgres", "postgres", PASSWORD, Map.of());

        assertThatThrownBy(() -> exporter.inspect(endpoint)).isInstanceOfSatisfying(SupabackupException.class, e -> {
            assertThat(e.kind()).isEqualTo(FailureKind.DATABASE);
            assertThat(e.getMessage()).isEqualTo("cannot reach 127.0.0.1:" + port + " (connection refused)");
            assertThat(e.hint()).contains("IPv6", "pooler");
            assertThat(e.getMessage() + e.hint()).doesNotContain(PASSWORD);
        });
    }

    @Test
    void anUnknownHostIsNamed() {
        DatabaseEndpoint endpoint = new DatabaseEndpoint("no-such-host.invalid", 5432, "postgres", "postgres", PASSWORD,
                Map.of());

        assertThatThrownBy(() -> importer.inspect(endpoint))
                .hasMessage("cannot reach no-such-host.invalid:5432 (unknown host)");
    }

    @Test
    void aMissingDatabaseIsNamed() {
        DatabaseEndpoint endpoint = PostgresServer.shared().admin().withDatabase("no_such_db_here");

        assertThatThrownBy(() -> exporter.inspect(endpoint)).isInstanceOfSatisfying(SupabackupException.class, e -> {
            assertThat(e.kind()).isEqualTo(FailureKind.DATABASE);
            assertThat(e.getMessage()).contains("database \"no_such_db_here\" does not exist");
        });
    }

    @Test
    void aWrongPasswordIsADatabaseFailureAndTheRightOneReachesTheToolsThroughTheEnvironment() throws IOException {
        Path hba = temp.resolve("pg_hba.conf");
        Files.writeString(hba, """
                local all all trust
                host all postgres 127.0.0.1/32 trust
                host all postgres ::1/128 trust
                host all all 127.0.0.1/32 scram-sha-256
                host all all ::1/128 scram-sha-256
                """);
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setServerConfig("hba_file", hba.toString()).start()) {
            DatabaseEndpoint admin = new DatabaseEndpoint("localhost", pg.getPort(), "postgres", "postgres", null, Map.of());
            PostgresServer.execute(admin, "CREATE ROLE pw_user LOGIN PASSWORD '" + PASSWORD + "'");
            PostgresServer.execute(admin, "CREATE DATABASE pw_db OWNER pw_user");
            DatabaseEndpoint wrong = new DatabaseEndpoint("127.0.0.1", pg.getPort(), "pw_db", "pw_user", "wrong-" + PASSWORD,
                    Map.of("sslmode", "disable"));
            DatabaseEndpoint right = new DatabaseEndpoint("127.0.0.1", pg.getPort(), "pw_db", "pw_user", PASSWORD,
                    Map.of("sslmode", "disable"));

            assertThatThrownBy(() -> exporter.inspect(wrong)).isInstanceOfSatisfying(SupabackupException.class, e -> {
                assertThat(e.kind()).isEqualTo(FailureKind.DATABASE);
                assertThat(e.getMessage()).contains("password authentication failed for user \"pw_user\"")
                        .doesNotContain(PASSWORD);
            });
            importer.restore(right, DumpKind.SCHEMA, sql("CREATE TABLE t (x int);\n"));
            String schema = new String(DumpRestoreRoundTripTest.dump(exporter, right, DumpKind.SCHEMA),
                    StandardCharsets.UTF_8);
            assertThat(schema).contains("CREATE TABLE IF NOT EXISTS \"public\".\"t\"");
        }
    }

    @Test
    void aFailingStatementRollsTheWholeStepBackAndIsNamed() {
        DatabaseEndpoint target = PostgresServer.shared().createDatabase("psql_error");

        assertThatThrownBy(() -> importer.restore(target, DumpKind.SCHEMA, sql(
                "CREATE TABLE a1 (x int);\nINSERT INTO a1 VALUES (1);\nSELECT 1/0;\nCREATE TABLE a2 (x int);\n")))
                .isInstanceOfSatisfying(SupabackupException.class, e -> {
                    assertThat(e.kind()).isEqualTo(FailureKind.DATABASE);
                    assertThat(e.getMessage()).contains("schema dump", "<stdin>:3", "ERROR:", "division by zero");
                });
        assertThat(SampleDatabase.queryString(target, "SELECT to_regclass('public.a1')::text")).isNull();
    }

    @Test
    void anInputThatFailsAtItsEndCommitsNothing() {
        DatabaseEndpoint target = PostgresServer.shared().createDatabase("input_fails");
        InputStream failing = new SequenceInputStream(
                sql("CREATE TABLE c1 (x int);\nINSERT INTO c1 VALUES (1);\n"),
                new InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new IOException("checksum mismatch in db/data.sql");
                    }
                });

        assertThatThrownBy(() -> importer.restore(target, DumpKind.DATA, failing))
                .isInstanceOfSatisfying(SupabackupException.class, e ->
                        assertThat(e.getMessage()).contains("data dump", "checksum mismatch"));
        assertThat(SampleDatabase.queryString(target, "SELECT to_regclass('public.c1')::text")).isNull();

        SupabackupException typed = new SupabackupException(FailureKind.PARTIAL, "db/schema.sql is corrupt");
        InputStream failingTyped = new SequenceInputStream(sql("CREATE TABLE c2 (x int);\n"), new InputStream() {
            @Override
            public int read() {
                throw typed;
            }
        });
        assertThatThrownBy(() -> importer.restore(target, DumpKind.SCHEMA, failingTyped)).isSameAs(typed);
        assertThat(SampleDatabase.queryString(target, "SELECT to_regclass('public.c2')::text")).isNull();
    }

    @Test
    void aFailingDumpToolFailsTheStreamAndNeverSeesThePasswordOnItsCommandLine() throws IOException {
        Path bin = Files.createDirectories(temp.resolve("bin"));
        Path script = bin.resolve("pg_dump");
        Files.writeString(script, """
                #!/bin/sh
                if [ "$1" = "--version" ]; then echo 'pg_dump (PostgreSQL) 99.1'; exit 0; fi
                echo "$*" > "$(dirname "$0")/args"
                echo "$PGPASSWORD" > "$(dirname "$0")/password"
                echo 'SET statement_timeout = 0;'
                echo "pg_dump: error: query failed: ERROR:  permission denied for table secret" >&2
                echo "pg_dump: detail: Query was: LOCK TABLE secret" >&2
                exit 1
                """);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        PgDatabaseExporter fake = new PgDatabaseExporter(new ToolLocator(PostgresConfig.onlyIn(List.of(bin))));
        DatabaseEndpoint db = PostgresServer.shared().admin();
        DatabaseEndpoint withPassword = new DatabaseEndpoint(db.host(), db.port(), db.database(), db.user(), PASSWORD,
                Map.of());
        boolean[] consumerSawFailure = {false};

        assertThatThrownBy(() -> fake.dump(withPassword, DumpKind.SCHEMA, in -> {
            try {
                in.readAllBytes();
            } catch (IOException e) {
                consumerSawFailure[0] = true;
                throw e;
            }
        })).isInstanceOfSatisfying(SupabackupException.class, e -> {
            assertThat(e.kind()).isEqualTo(FailureKind.DATABASE);
            assertThat(e.getMessage()).contains("pg_dump failed making the schema dump",
                    "permission denied for table secret");
        });
        assertThat(consumerSawFailure[0]).isTrue();
        assertThat(Files.readString(bin.resolve("args"))).doesNotContain(PASSWORD).contains("--schema-only");
        assertThat(Files.readString(bin.resolve("password")).strip()).isEqualTo(PASSWORD);
    }

    private static InputStream sql(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
