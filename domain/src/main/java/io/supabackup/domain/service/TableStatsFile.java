package io.supabackup.domain.service;

import io.supabackup.domain.model.TableStats;
import io.supabackup.domain.repository.Json;
import io.supabackup.domain.repository.ManifestCodec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code db/tables.jsonl}: one line per table of the data dump, {@code {schema, table, rows, contentHash}}. */
final class TableStatsFile {
    static final String PATH = "db/tables.jsonl";

    private TableStatsFile() {
    }

    static byte[] write(List<TableStats> stats) {
        StringBuilder lines = new StringBuilder();
        for (TableStats s : stats) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("schema", s.schema());
            json.put("table", s.table());
            json.put("rows", s.rows());
            json.put("contentHash", s.contentHash());
            lines.append(Json.writeLine(json));
        }
        return lines.toString().getBytes(StandardCharsets.UTF_8);
    }

    static List<TableStats> read(InputStream in) throws IOException {
        List<TableStats> stats = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                Map<String, Object> json = ManifestCodec.map(Json.parse(line), PATH);
                stats.add(new TableStats(String.valueOf(json.get("schema")), String.valueOf(json.get("table")),
                        ManifestCodec.number(json, "rows"), String.valueOf(json.get("contentHash"))));
            }
        }
        return stats;
    }
}
