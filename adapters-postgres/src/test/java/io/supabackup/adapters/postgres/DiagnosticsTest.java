package io.supabackup.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import io.supabackup.domain.model.ClientTool;
import io.supabackup.domain.model.DatabaseEndpoint;
import io.supabackup.domain.model.DatabaseServer;
import io.supabackup.testkit.PostgresServer;
import io.supabackup.testkit.db.SupabaseFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiagnosticsTest {
    private static final PostgresServer SERVER = PostgresServer.shared();

    @TempDir
    Path temp;

    private Path oldTools(String version) throws IOException {
        Path bin = Files.createDirectories(temp.resolve("bin"));
        for (PgTool tool : PgTool.values()) {
            Path script = bin.resolve(tool.command());
            Files.writeString(script, "#!/bin/sh\necho '" + tool.command() + " (PostgreSQL) " + version + "'\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return bin;
    }

    @Test
    void aSupabaseProjectIsRecognisedByItsAuthAndStorageSchemas() {
        PgDatabaseDiagnostics diagnostics = new PgDatabaseDiagnostics(new ToolLocator(PostgresConfig.defaults()));
        DatabaseEndpoint project = SupabaseFixture.newLoadedProject(SERVER);

        DatabaseServer server = diagnostics.server(project);
        assertThat(server.supabase()).isTrue();
        assertThat(server.major()).isEqualTo(15);
        assertThat(server.version()).startsWith("15.");
        assertThat(server.user()).isEqualTo(project.user());
        assertThat(server.userTables()).isPositive();

        DatabaseEndpoint plain = SERVER.createDatabase("plain");
        assertThat(diagnostics.server(plain).supabase()).isFalse();
    }

    @Test
    void pgDumpOlderThanTheServerFailsWhilePsqlIsStillChosen() throws IOException {
        PgDatabaseDiagnostics diagnostics = new PgDatabaseDiagnostics(
                new ToolLocator(PostgresConfig.onlyIn(List.of(oldTools("12.3")))));
        Optional<DatabaseServer> server = Optional.of(new DatabaseServer("15.8", 15, "postgres", true, 0));

        for (String tool : List.of("pg_dump", "pg_dumpall")) {
            assertThatThrownBy(() -> diagnostics.clientTool(tool, server))
                    .isInstanceOfSatisfying(SupabackupException.class, e -> {
                        assertThat(e.kind()).isEqualTo(FailureKind.TOOL);
                        assertThat(e.getMessage()).contains(tool, "12.3", "15.8");
                        assertThat(e.hint()).contains("postgresql-client-15");
                    });
        }
        ClientTool psql = diagnostics.clientTool("psql", server);
        assertThat(psql.major()).isEqualTo(12);
        assertThat(psql.path()).endsWith("/bin/psql");
        // without a server there is nothing to be too old for
        assertThat(diagnostics.clientTool("pg_dump", Optional.empty()).version()).isEqualTo("12.3");
    }

    @Test
    void aMissingToolSuggestsTheToolsThatServeEveryProjectWhenNoServerIsKnown() {
        PgDatabaseDiagnostics diagnostics = new PgDatabaseDiagnostics(new ToolLocator(PostgresConfig.onlyIn(List.of(temp))));

        assertThatThrownBy(() -> diagnostics.clientTool("pg_restore", Optional.empty()))
                .isInstanceOfSatisfying(SupabackupException.class, e -> {
                    assertThat(e.kind()).isEqualTo(FailureKind.TOOL);
                    assertThat(e.getMessage()).contains("pg_restore was not found");
                    assertThat(e.hint()).contains("postgresql-client-17");
                });
    }
}
