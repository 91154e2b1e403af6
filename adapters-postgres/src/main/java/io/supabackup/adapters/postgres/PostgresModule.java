package io.supabackup.adapters.postgres;

import com.google.inject.AbstractModule;
import io.supabackup.domain.port.out.DatabaseDiagnostics;
import io.supabackup.domain.port.out.DatabaseExporter;
import io.supabackup.domain.port.out.DatabaseImporter;
import io.supabackup.domain.port.out.ScratchDatabases;
import java.util.Objects;

/**
 * Binds {@link DatabaseExporter}, {@link DatabaseImporter} and {@link DatabaseDiagnostics} to pg_dump, pg_dumpall,
 * psql, pg_restore and JDBC, and {@link ScratchDatabases} to the configured drill server or, without one, to an
 * embedded PostgreSQL.
 */
public final class PostgresModule extends AbstractModule {
    private final PostgresConfig config;

    public PostgresModule(PostgresConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    protected void configure() {
        bind(PostgresConfig.class).toInstance(config);
        ToolLocator tools = new ToolLocator(config);
        bind(DatabaseExporter.class).toInstance(new PgDatabaseExporter(tools));
        bind(DatabaseImporter.class).toInstance(new PgDatabaseImporter(tools));
        bind(DatabaseDiagnostics.class).toInstance(new PgDatabaseDiagnostics(tools));
        bind(ScratchDatabases.class).toInstance(config.drillServer()
                .<ScratchDatabases>map(ServerScratchDatabases::new)
                .orElseGet(EmbeddedScratchDatabases::new));
    }
}
