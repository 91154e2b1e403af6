package io.supabackup.domain.repository;

import io.supabackup.domain.model.BackupId;
import io.supabackup.domain.model.DumpMode;
import io.supabackup.domain.model.EntryKind;
import io.supabackup.domain.model.Manifest;
import io.supabackup.domain.model.ManifestEntry;
import io.supabackup.domain.model.SourceInfo;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads and writes {@code manifest.json}; the layout is documented in docs/FORMAT.md. */
final class ManifestCodec {
    private ManifestCodec() {
    }

    static byte[] encode(Manifest m) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", m.formatVersion());
        root.put("id", m.id().value());
        root.put("tool", m.toolVersion());
        root.put("startedAt", m.startedAt().toString());
        root.put("completedAt", m.completedAt().toString());
        root.put("mode", m.mode().wireName());
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("database", m.source().database());
        source.put("serverVersion", m.source().serverVersion());
        source.put("dumpToolVersion", m.source().dumpToolVersion());
        root.put("source", source);
        List<Object> entries = new ArrayList<>();
        for (ManifestEntry e : m.entries()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("path", e.path());
            entry.put("kind", e.kind().wireName());
            entry.put("size", e.size());
            entry.put("sha256", e.sha256());
            entry.put("compression", e.compression());
            entry.put("encryption", e.encryption());
            if (!e.attributes().isEmpty()) {
                entry.put("attributes", new LinkedHashMap<>(e.attributes()));
            }
            entries.add(entry);
        }
        root.put("entries", entries);
        return Json.write(root).getBytes(StandardCharsets.UTF_8);
    }

    /** Parses a manifest; throws {@link IllegalArgumentException} naming what is wrong. */
    static Manifest decode(byte[] bytes) {
        Object parsed = Json.parse(new String(bytes, StandardCharsets.UTF_8));
        Map<String, Object> root = map(parsed, "manifest");
        int format = (int) number(root, "format");
        if (format > Manifest.FORMAT_VERSION) {
            throw new IllegalArgumentException("manifest format " + format + " is newer than this tool understands ("
                    + Manifest.FORMAT_VERSION + "); upgrade supabackup");
        }
        Map<String, Object> source = map(root.get("source"), "source");
        List<ManifestEntry> entries = new ArrayList<>();
        for (Object o : list(root.get("entries"))) {
            Map<String, Object> e = map(o, "entry");
            Map<String, String> attributes = new LinkedHashMap<>();
            if (e.get("attributes") != null) {
                map(e.get("attributes"), "attributes").forEach((k, v) -> attributes.put(k, String.valueOf(v)));
            }
            entries.add(new ManifestEntry(text(e, "path"), EntryKind.fromWireName(text(e, "kind")), number(e, "size"),
                    text(e, "sha256"), text(e, "compression"), text(e, "encryption"), attributes));
        }
        return new Manifest(format, new BackupId(text(root, "id")), text(root, "tool"),
                Instant.parse(text(root, "startedAt")), Instant.parse(text(root, "completedAt")),
                DumpMode.valueOf(text(root, "mode").toUpperCase(Locale.ROOT)),
                new SourceInfo(text(source, "database"), text(source, "serverVersion"),
                        String.valueOf(source.getOrDefault("dumpToolVersion", ""))),
                entries);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o, String what) {
        if (!(o instanceof Map)) {
            throw new IllegalArgumentException(what + " is not a JSON object");
        }
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        if (!(o instanceof List)) {
            throw new IllegalArgumentException("entries is not a JSON array");
        }
        return (List<Object>) o;
    }

    static String text(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (!(v instanceof String s)) {
            throw new IllegalArgumentException("'" + key + "' is missing or not a string");
        }
        return s;
    }

    static long number(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (!(v instanceof Long l)) {
            throw new IllegalArgumentException("'" + key + "' is missing or not an integer");
        }
        return l;
    }
}
