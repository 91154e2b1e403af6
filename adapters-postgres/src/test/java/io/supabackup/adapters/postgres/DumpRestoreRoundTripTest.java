package io.supabackup.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.supabackup.domain.model.DatabaseEndpoint;
import io.supabackup.domain.model.DatabaseInfo;
import io.supabackup.domain.model.DumpKind;
import io.supabackup.domain.port.out.DatabaseExporter;
import io.supabackup.domain.port.out.DatabaseImporter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import io.supabackup.testkit.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DumpRestoreRoundTripTest {
    private final ToolLocator tools = new ToolLocator(PostgresConfig.defaults());
    private final DatabaseExporter exporter = new PgDatabaseExporter(tools);
    private final DatabaseImporter importer = new PgDatabaseImporter(tools);

    static byte[] dump(DatabaseExporter exporter, DatabaseEndpoint db, DumpKind kind) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        exporter.dump(db, kind, in -> in.transferTo(out));
        return out.toByteArray();
    }

    @Test
    void schemaAndDataDumpsRestoreEveryValueWithoutFiringTriggersTwice() {
        DatabaseEndpoint source = SampleDatabase.create("rt_source");
        DatabaseEndpoint target = SampleDatabase.createPlatformOnly("rt_target");

        DatabaseInfo info = exporter.inspect(source);
        byte[] schema = dump(exporter, source, DumpKind.SCHEMA);
        byte[] data = dump(exporter, source, DumpKind.DATA);
        importer.restore(target, DumpKind.SCHEMA, new ByteArrayInputStream(schema));
        importer.restore(target, DumpKind.DATA, new ByteArrayInputStream(data));

        assertThat(info.serverMajor()).isEqualTo(15);
        assertThat(info.userTables()).isEqualTo(4);
        String schemaText = new String(schema, StandardCharsets.UTF_8);
        assertThat(schemaText).contains("CREATE TABLE IF NOT EXISTS \"app\".\"items\"",
                "CREATE OR REPLACE TRIGGER \"items_log\"", "CREATE OR REPLACE VIEW \"app\".\"cheap\"");
        assertThat(schemaText).doesNotContain("\"auth\".\"users\"");
        String dataText = new String(data, StandardCharsets.UTF_8);
        assertThat(dataText).startsWith("SET session_replication_role = replica;");
        assertThat(dataText).contains("COPY \"auth\".\"users\" (\"id\", \"email\", \"encrypted_password\", "
                + "\"email_confirmed_at\") FROM stdin;");
        assertThat(dataText).doesNotContain("schema_migrations", "name_upper", "\"confirmed_at\"");

        List<String> tables = new java.util.ArrayList<>(SampleDatabase.TABLES);
        tables.add("auth.users");
        assertThat(SampleDatabase.digests(target, tables)).isEqualTo(SampleDatabase.digests(source, tables));
        assertThat(SampleDatabase.sequences(target)).isEqualTo(SampleDatabase.sequences(source));
        assertThat(SampleDatabase.queryString(target, "SELECT string_agg(version, ',') FROM auth.schema_migrations"))
                .isEqualTo("target-own");
        assertThat(SampleDatabase.queryString(target, "SELECT name_upper FROM app.items WHERE name = 'plain'"))
                .isEqualTo("PLAIN");
        assertThat(importer.inspect(target).userTables()).isEqualTo(4);
    }

    @Test
    void aFullArchiveRestoresWithParallelJobs(@TempDir Path temp) throws IOException {
        DatabaseEndpoint source = SampleDatabase.create("full_source");
        DatabaseEndpoint target = io.supabackup.testkit.PostgresServer.shared().createDatabase("full_target");
        Path archive = temp.resolve("full.dump");

        exporter.dump(source, DumpKind.FULL, in -> {
            try (OutputStream out = Files.newOutputStream(archive)) {
                in.transferTo(out);
            }
        });
        importer.restoreArchive(target, archive, 2, false);
        importer.restoreArchive(target, archive, 2, true);

        assertThat(Arrays.copyOf(Files.readAllBytes(archive), 5)).isEqualTo("PGDMP".getBytes(StandardCharsets.US_ASCII));
        List<String> tables = new java.util.ArrayList<>(SampleDatabase.TABLES);
        tables.add("auth.users");
        tables.add("auth.schema_migrations");
        assertThat(SampleDatabase.digests(target, tables)).isEqualTo(SampleDatabase.digests(source, tables));
        assertThat(SampleDatabase.sequences(target)).isEqualTo(SampleDatabase.sequences(source));
    }

    @Test
    void aConsumerThatFailsStopsTheDump() {
        DatabaseEndpoint source = SampleDatabase.create("consumer_fails");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> exporter.dump(source, DumpKind.DATA, in -> {
            in.readNBytes(10);
            throw new IOException("disk full");
        })).isInstanceOfSatisfying(io.supabackup.domain.error.SupabackupException.class, e -> {
            assertThat(e.kind()).isEqualTo(io.supabackup.domain.error.FailureKind.UNEXPECTED);
            assertThat(e.getMessage()).contains("data dump", "disk full");
        });
    }

    @Test
    void aConsumerThatStopsEarlyIsAnError() {
        DatabaseEndpoint source = SampleDatabase.create("consumer_early");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> exporter.dump(source, DumpKind.SCHEMA,
                        InputStream::read))
                .hasMessageContaining("not read to its end");
    }

    @Test
    void dumpsReuseTheServerProbeOfTheRunInsteadOfOpeningASessionEach() {
        DatabaseEndpoint source = PostgresServer.shared().admin();
        PgDatabaseExporter fresh = new PgDatabaseExporter(tools);
        fresh.inspect(source);
        ServerProbe inspected = fresh.probe(source);

        dump(fresh, source, DumpKind.ROLES);
        dump(fresh, source, DumpKind.SCHEMA);

        assertThat(fresh.probe(source)).isSameAs(inspected);
        fresh.inspect(source);
        assertThat(fresh.probe(source)).as("inspect looks again").isNotSameAs(inspected).isEqualTo(inspected);
    }
}
