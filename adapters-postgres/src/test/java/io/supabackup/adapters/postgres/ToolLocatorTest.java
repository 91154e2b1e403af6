package io.supabackup.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ToolLocatorTest {
    @TempDir
    Path temp;

    private Path fakeTool(String dir, String tool, String version) throws IOException {
        Path folder = Files.createDirectories(temp.resolve(dir));
        Path script = folder.resolve(tool);
        Files.writeString(script, "#!/bin/sh\necho '" + tool + " (PostgreSQL) " + version + "'\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return folder;
    }

    @Test
    void tooOldToolsFailNamingEveryVersionFoundAndTheFix() throws IOException {
        Path a = fakeTool("a", "pg_dump", "14.2");
        Path b = fakeTool("b", "pg_dump", "13.9");
        ToolLocator locator = new ToolLocator(PostgresConfig.onlyIn(List.of(a, b)));

        assertThatThrownBy(() -> locator.require(PgTool.PG_DUMP, 15, "15.8"))
                .isInstanceOfSatisfying(SupabackupException.class, e -> {
                    assertThat(e.kind()).isEqualTo(FailureKind.TOOL);
                    assertThat(e.getMessage()).contains("15.8", "14.2 at " + a.resolve("pg_dump"),
                            "13.9 at " + b.resolve("pg_dump"));
                    assertThat(e.hint()).contains("apt-get install postgresql-client-15", "brew install libpq", "--pg-bin");
                });
    }

    @Test
    void missingToolsFailClearly() {
        ToolLocator locator = new ToolLocator(PostgresConfig.onlyIn(List.of(temp)));

        assertThatThrownBy(() -> locator.require(PgTool.PG_DUMPALL, 17, "17.4"))
                .isInstanceOfSatisfying(SupabackupException.class, e -> {
                    assertThat(e.kind()).isEqualTo(FailureKind.TOOL);
                    assertThat(e.getMessage()).contains("pg_dumpall was not found", temp.toString());
                    assertThat(e.hint()).contains("postgresql-client-17");
                });
        assertThatThrownBy(() -> locator.preferAtLeast(PgTool.PSQL, 17, "17.4"))
                .isInstanceOfSatisfying(SupabackupException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.TOOL));
    }

    @Test
    void theNewestSuitableToolIsChosen() throws IOException {
        Path a = fakeTool("a", "pg_dump", "16.1");
        Path b = fakeTool("b", "pg_dump", "17.4");
        Path c = fakeTool("c", "pg_dump", "14.2");
        Path d = fakeTool("d", "pg_dump", "17.2");
        ToolLocator locator = new ToolLocator(PostgresConfig.onlyIn(List.of(a, b, c, d)));

        ToolLocator.Found found = locator.require(PgTool.PG_DUMP, 15, "15.8");

        assertThat(found.path()).isEqualTo(b.resolve("pg_dump"));
        assertThat(found.version().text()).isEqualTo("17.4");
    }

    @Test
    void anOlderPsqlIsAcceptedWhenNothingNewerExists() throws IOException {
        Path a = fakeTool("a", "psql", "15.14");
        ToolLocator locator = new ToolLocator(PostgresConfig.onlyIn(List.of(a)));

        assertThat(locator.preferAtLeast(PgTool.PSQL, 17, "17.4").version().major()).isEqualTo(15);
    }

    @Test
    void anExplicitPgBinIsTheOnlyFolderSearched() throws IOException {
        Path a = fakeTool("a", "pg_dump", "17.4");
        Path empty = Files.createDirectories(temp.resolve("empty"));
        ToolLocator locator = new ToolLocator(new PostgresConfig(Optional.of(empty), List.of(a), true));

        assertThatThrownBy(() -> locator.require(PgTool.PG_DUMP, 15, "15.8"))
                .hasMessageContaining("--pg-bin " + empty);
    }

    @Test
    void theStandardLocationsFindTheSystemTools() {
        ToolLocator locator = new ToolLocator(PostgresConfig.defaults());

        assertThat(locator.findAll(PgTool.PG_DUMP)).isNotEmpty();
    }
}
