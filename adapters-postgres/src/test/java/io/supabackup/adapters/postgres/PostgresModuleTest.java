package io.supabackup.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Injector;
import io.supabackup.domain.port.out.DatabaseDiagnostics;
import io.supabackup.domain.port.out.DatabaseExporter;
import io.supabackup.domain.port.out.DatabaseImporter;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PostgresModuleTest {
    @Test
    void bindsTheExporterTheImporterAndTheDiagnostics() {
        Injector injector = Guice.createInjector(new PostgresModule(new PostgresConfig(Optional.of(Path.of("/opt/pg")))));

        assertThat(injector.getInstance(DatabaseExporter.class)).isInstanceOf(PgDatabaseExporter.class);
        assertThat(injector.getInstance(DatabaseImporter.class)).isInstanceOf(PgDatabaseImporter.class);
        assertThat(injector.getInstance(DatabaseDiagnostics.class)).isInstanceOf(PgDatabaseDiagnostics.class);
        assertThat(injector.getInstance(PostgresConfig.class).searchStandardLocations()).isTrue();
    }
}
