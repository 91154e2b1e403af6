package io.supabackup.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.supabackup.domain.model.DatabaseEndpoint;
import io.supabackup.domain.model.DumpKind;
import io.supabackup.domain.model.TableRef;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TableJsonRoundTripTest {
    private final ToolLocator tools = new ToolLocator(PostgresConfig.defaults());
    private final PgDatabaseExporter exporter = new PgDatabaseExporter(tools);
    private final PgDatabaseImporter importer = new PgDatabaseImporter(tools);

    @Test
    void everyUserTableRoundTripsExactlyThroughJsonLines() {
        DatabaseEndpoint source = SampleDatabase.create("json_source");
        DatabaseEndpoint target = SampleDatabase.createPlatformOnly("json_target");
        importer.restore(target, DumpKind.SCHEMA,
                new ByteArrayInputStream(DumpRestoreRoundTripTest.dump(exporter, source, DumpKind.SCHEMA)));
        Map<TableRef, byte[]> exported = new LinkedHashMap<>();
        Map<TableRef, Long> counted = new LinkedHashMap<>();

        exporter.exportTables(source, (table, rows, rowsRead) -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            rows.transferTo(out);
            exported.put(table, out.toByteArray());
            counted.put(table, rowsRead.getAsLong());
        });
        Map<TableRef, Long> imported = new LinkedHashMap<>();
        exported.forEach((table, json) -> imported.put(table,
                importer.importTable(target, table, new ByteArrayInputStream(json))));

        assertThat(exported.keySet()).containsExactly(new TableRef("app", "audit"), new TableRef("app", "events"),
                new TableRef("app", "items"), new TableRef("public", "Mixed Case"));
        assertThat(counted).containsEntry(new TableRef("app", "items"), 3L).containsEntry(new TableRef("app", "events"), 2L);
        assertThat(imported).isEqualTo(counted);
        assertThat(new String(exported.get(new TableRef("app", "items")), StandardCharsets.UTF_8))
                .contains("\"payload\":\"\\\\x00ff10\"", "\"price\":9.500000", "\"matrix\":[[1,2],[3,4]]", "\"$supabackup_json_nulls\":[\"doc\"]}");
        assertThat(SampleDatabase.digests(target, SampleDatabase.TABLES))
                .isEqualTo(SampleDatabase.digests(source, SampleDatabase.TABLES));
        assertThat(SampleDatabase.sequences(target)).isEqualTo(SampleDatabase.sequences(source));
    }

    @Test
    void anEmptyInputInsertsNothing() {
        DatabaseEndpoint target = SampleDatabase.create("json_empty");

        long rows = importer.importTable(target, new TableRef("public", "Mixed Case"), new ByteArrayInputStream(new byte[0]));

        assertThat(rows).isZero();
    }
}
