package io.supabackup.domain.repository;

import io.supabackup.domain.model.BackupId;
import io.supabackup.domain.model.DumpMode;
import io.supabackup.domain.model.EncryptionInfo;
import io.supabackup.domain.model.EntryKind;
import io.supabackup.domain.model.Manifest;
import io.supabackup.domain.model.ManifestEntry;
import io.supabackup.domain.model.ManifestSummary;
import io.supabackup.domain.model.SourceInfo;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads and writes {@code manifest.json} and, for encrypted backups, the full manifest sealed beside it;
 * the layout is documented in docs/FORMAT.md.
 */
public final class ManifestCodec {
    private ManifestCodec() {
    }

    /** A blob's description, saved beside it. */
    static byte[] encodeEntry(ManifestEntry e) {
        return Json.write(entryJson(e, true)).getBytes(StandardCharsets.UTF_8);
    }

    static ManifestEntry decodeEntry(byte[] bytes) {
        return entry(map(Json.parse(new String(bytes, StandardCharsets.UTF_8)), "blob description"));
    }

    /** An entry as a JSON object, with the content's size and SHA-256 always written. */
    public static Map<String, Object> entryJson(ManifestEntry e) {
        return entryJson(e, true);
    }

    private static Map<String, Object> entryJson(ManifestEntry e, boolean alwaysPlain) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("path", e.path());
        entry.put("kind", e.kind().wireName());
        entry.put("size", e.size());
        entry.put("sha256", e.sha256());
        entry.put("compression", e.compression());
        entry.put("encryption", e.encryption());
        if (alwaysPlain || e.transformed()) {
            entry.put("plainSize", e.plainSize());
            entry.put("plainSha256", e.plainSha256());
        }
        if (!e.attributes().isEmpty()) {
            entry.put("attributes", new LinkedHashMap<>(e.attributes()));
        }
        return entry;
    }

    public static ManifestEntry entry(Map<String, Object> e) {
        Map<String, String> attributes = new LinkedHashMap<>();
        if (e.get("attributes") != null) {
            map(e.get("attributes"), "attributes").forEach((k, v) -> attributes.put(k, String.valueOf(v)));
        }
        boolean plain = e.get("plainSha256") != null;
        return new ManifestEntry(text(e, "path"), EntryKind.fromWireName(text(e, "kind")), number(e, "size"),
                text(e, "sha256"), text(e, "compression"), text(e, "encryption"),
                plain ? number(e, "plainSize") : -1, plain ? text(e, "plainSha256") : null, attributes);
    }

    static byte[] encode(Manifest m) {
        Map<String, Object> root = header(m.formatVersion(), m.id(), m.toolVersion(), m.startedAt(), m.completedAt(),
                m.mode());
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("database", m.source().database());
        source.put("serverVersion", m.source().serverVersion());
        source.put("dumpToolVersion", m.source().dumpToolVersion());
        root.put("source", source);
        m.encryption().ifPresent(e -> root.put("encryption", encryption(e)));
        List<Object> entries = new ArrayList<>();
        for (ManifestEntry e : m.entries()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("path", e.path());
            entry.put("kind", e.kind().wireName());
            entry.put("size", e.size());
            entry.put("sha256", e.sha256());
            entry.put("compression", e.compression());
            entry.put("encryption", e.encryption());
            if (e.transformed()) {
                entry.put("plainSize", e.plainSize());
                entry.put("plainSha256", e.plainSha256());
            }
            if (!e.attributes().isEmpty()) {
                entry.put("attributes", new LinkedHashMap<>(e.attributes()));
            }
            entries.add(entry);
        }
        root.put("entries", entries);
        return Json.write(root).getBytes(StandardCharsets.UTF_8);
    }

    /** The plaintext {@code manifest.json} of an encrypted backup: the summary and nothing else. */
    static byte[] encodeSealedSummary(ManifestSummary s) {
        Map<String, Object> root = header(s.formatVersion(), s.id(), s.toolVersion(), s.startedAt(), s.completedAt(),
                s.mode());
        root.put("encryption", encryption(s.encryption().orElseThrow()));
        root.put("components", s.components().stream().map(EntryKind::wireName).sorted().toList());
        root.put("files", s.files());
        root.put("storedBytes", s.storedBytes());
        root.put("sealed", true);
        return Json.write(root).getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, Object> header(int format, BackupId id, String tool, Instant started, Instant completed,
                                              DumpMode mode) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", format);
        root.put("id", id.value());
        root.put("tool", tool);
        root.put("startedAt", started.toString());
        root.put("completedAt", completed.toString());
        root.put("mode", mode.wireName());
        return root;
    }

    private static Map<String, Object> encryption(EncryptionInfo e) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("scheme", e.scheme());
        map.put("keyIds", e.keyIds());
        map.put("passphrase", e.passphrase());
        return map;
    }

    /** What {@code manifest.json} holds: a whole manifest, or the summary of a sealed one. */
    sealed interface Decoded permits Whole, Sealed {
        ManifestSummary summary();
    }

    record Whole(Manifest manifest) implements Decoded {
        @Override
        public ManifestSummary summary() {
            return ManifestSummary.of(manifest);
        }
    }

    record Sealed(ManifestSummary summary) implements Decoded {
    }

    /** Parses {@code manifest.json}; throws {@link IllegalArgumentException} naming what is wrong. */
    static Decoded decodeFile(byte[] bytes) {
        Map<String, Object> root = root(bytes);
        if (Boolean.TRUE.equals(root.get("sealed"))) {
            Set<EntryKind> components = EnumSet.noneOf(EntryKind.class);
            for (Object kind : list(root.get("components"), "components")) {
                components.add(EntryKind.fromWireName(String.valueOf(kind)));
            }
            return new Sealed(new ManifestSummary((int) number(root, "format"), new BackupId(text(root, "id")),
                    text(root, "tool"), Instant.parse(text(root, "startedAt")), Instant.parse(text(root, "completedAt")),
                    mode(root), components, (int) number(root, "files"), number(root, "storedBytes"),
                    Optional.of(encryption(root.get("encryption")))));
        }
        return new Whole(decodeManifest(root));
    }

    /** Parses a whole manifest (plain {@code manifest.json}, or the decrypted sealed one). */
    static Manifest decode(byte[] bytes) {
        return decodeManifest(root(bytes));
    }

    private static Map<String, Object> root(byte[] bytes) {
        Map<String, Object> root = map(Json.parse(new String(bytes, StandardCharsets.UTF_8)), "manifest");
        int format = (int) number(root, "format");
        if (format > Manifest.FORMAT_VERSION) {
            throw new IllegalArgumentException("manifest format " + format + " is newer than this tool understands ("
                    + Manifest.FORMAT_VERSION + "); upgrade supabackup");
        }
        return root;
    }

    private static Manifest decodeManifest(Map<String, Object> root) {
        Map<String, Object> source = map(root.get("source"), "source");
        List<ManifestEntry> entries = new ArrayList<>();
        for (Object o : list(root.get("entries"), "entries")) {
            Map<String, Object> e = map(o, "entry");
            Map<String, String> attributes = new LinkedHashMap<>();
            if (e.get("attributes") != null) {
                map(e.get("attributes"), "attributes").forEach((k, v) -> attributes.put(k, String.valueOf(v)));
            }
            boolean plain = e.get("plainSha256") != null;
            entries.add(new ManifestEntry(text(e, "path"), EntryKind.fromWireName(text(e, "kind")), number(e, "size"),
                    text(e, "sha256"), text(e, "compression"), text(e, "encryption"),
                    plain ? number(e, "plainSize") : -1, plain ? text(e, "plainSha256") : null, attributes));
        }
        return new Manifest((int) number(root, "format"), new BackupId(text(root, "id")), text(root, "tool"),
                Instant.parse(text(root, "startedAt")), Instant.parse(text(root, "completedAt")), mode(root),
                new SourceInfo(text(source, "database"), text(source, "serverVersion"),
                        String.valueOf(source.getOrDefault("dumpToolVersion", ""))),
                entries, root.get("encryption") == null ? Optional.empty() : Optional.of(encryption(root.get("encryption"))));
    }

    private static DumpMode mode(Map<String, Object> root) {
        return DumpMode.valueOf(text(root, "mode").toUpperCase(Locale.ROOT));
    }

    private static EncryptionInfo encryption(Object o) {
        Map<String, Object> e = map(o, "encryption");
        List<String> keyIds = new ArrayList<>();
        for (Object id : list(e.get("keyIds"), "keyIds")) {
            keyIds.add(String.valueOf(id));
        }
        return new EncryptionInfo(text(e, "scheme"), keyIds, Boolean.TRUE.equals(e.get("passphrase")));
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object o, String what) {
        if (!(o instanceof Map)) {
            throw new IllegalArgumentException(what + " is not a JSON object");
        }
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o, String what) {
        if (!(o instanceof List)) {
            throw new IllegalArgumentException(what + " is not a JSON array");
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

    public static long number(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (!(v instanceof Long l)) {
            throw new IllegalArgumentException("'" + key + "' is missing or not an integer");
        }
        return l;
    }
}
