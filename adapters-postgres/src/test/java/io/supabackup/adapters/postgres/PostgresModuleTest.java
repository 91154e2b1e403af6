package io.supabackup.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Injector;
import io.supabackup.domain.model.DatabaseEndpoint;
import io.supabackup.domain.port.out.DatabaseDiagnostics;
import io.supabackup.domain.port.out.DatabaseExporter;
import io.supabackup.domain.port.out.DatabaseImporter;
import io.supabackup.domain.port.out.ScratchDatabases;
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

    @Test
    void drillsGetAnEmbeddedServerUnlessADrillServerIsConfigured() {
        PostgresConfig embedded = PostgresConfig.defaults();
        PostgresConfig server = embedded.withDrillServer(
                Optional.of(DatabaseEndpoint.parse("postgresql://drill:secret@db.internal:5433/postgres")));

        assertThat(Guice.createInjector(new PostgresModule(embedded)).getInstance(ScratchDatabases.class))
                .isInstanceOf(EmbeddedScratchDatabases.class);
        assertThat(Guice.createInjector(new PostgresModule(server)).getInstance(ScratchDatabases.class))
                .isInstanceOf(ServerScratchDatabases.class);
        assertThat(embedded.drillServer()).isEmpty();
        assertThat(server.toString()).contains("postgresql://drill:***@db.internal:5433/postgres")
                .doesNotContain("secret");
    }
}
