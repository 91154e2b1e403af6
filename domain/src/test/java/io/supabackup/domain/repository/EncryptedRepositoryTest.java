package io.supabackup.domain.repository;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import io.supabackup.domain.model.BackupSummary;
import io.supabackup.domain.model.DumpMode;
import io.supabackup.domain.model.EntryKind;
import io.supabackup.domain.model.Manifest;
import io.supabackup.domain.model.ManifestEntry;
import io.supabackup.domain.model.SourceInfo;
import io.supabackup.domain.port.out.BackupRepository.BackupWriter;
import io.supabackup.domain.port.out.Compressor;
import io.supabackup.domain.port.out.Encryptor;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The format's handling of compressed, encrypted files, with a stand-in cipher (the OpenPGP one is
 * tested with gpg in adapters-crypto): stored bytes differ from the content, the manifest is sealed
 * with a readable summary, and without the key nothing but the summary can be read.
 */
class EncryptedRepositoryTest {
    /** Not encryption: a reversible byte flip, enough to tell stored bytes from content. */
    static final class FlipEncryptor implements Encryptor {
        @Override
        public String name() {
            return "openpgp";
        }

        @Override
        public OutputStream encrypt(OutputStream ciphertext) {
            return new FilterOutputStream(ciphertext) {
                @Override
                public void write(int b) throws IOException {
                    out.write(b ^ 0x5a);
                }
            };
        }

        @Override
        public InputStream decrypt(InputStream ciphertext) {
            return new FilterInputStream(ciphertext) {
                @Override
                public int read() throws IOException {
                    int b = super.read();
                    return b < 0 ? b : (b ^ 0x5a);
                }

                @Override
                public int read(byte[] buf, int off, int len) throws IOException {
                    int n = super.read(buf, off, len);
                    for (int i = 0; i < n; i++) {
                        buf[off + i] ^= 0x5a;
                    }
                    return n;
                }
            };
        }

        @Override
        public List<String> recipientKeyIds() {
            return List.of("0x1234ABCD5678EF90");
        }
    }

    private final InMemoryObjectStore store = new InMemoryObjectStore();
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-24T14:20:52Z"), ZoneOffset.UTC);
    private final SourceInfo source = new SourceInfo("postgres", "15.8", "15.18");
    private static final String DUMP = "COPY public.t (a) FROM stdin;\n" + "secret row\n".repeat(5000) + "\\.\n";

    private ObjectStoreBackupRepository repository(Encryptor encryptor) {
        return new ObjectStoreBackupRepository(store, clock, "test", Compressor.GZIP, encryptor);
    }

    private ManifestEntry backUp() {
        BackupWriter writer = repository(new FlipEncryptor()).begin();
        ManifestEntry entry = writer.put("db/data.sql", EntryKind.DATABASE_DATA, new ByteArrayInputStream(DUMP.getBytes(UTF_8)));
        writer.commit(DumpMode.SUPABASE, source);
        return entry;
    }

    @Test
    void filesAreCompressedThenEncryptedAndReadBackWhole() throws IOException {
        ManifestEntry entry = backUp();
        assertThat(entry.compression()).isEqualTo("gzip");
        assertThat(entry.encryption()).isEqualTo("openpgp");
        assertThat(entry.plainSize()).isEqualTo(DUMP.length());
        assertThat(entry.size()).isLessThan(DUMP.length() / 10);
        byte[] stored = store.objects.get("backups/2026-11-24T14-20-52Z/db/data.sql.gz.gpg");
        assertThat(new String(stored, UTF_8)).doesNotContain("secret row");

        try (InputStream in = repository(new FlipEncryptor()).open("latest").open(entry)) {
            assertThat(new String(in.readAllBytes(), UTF_8)).isEqualTo(DUMP);
        }
    }

    @Test
    void theManifestIsSealedAndOnlyASummaryStaysReadable() {
        backUp();
        String summary = new String(store.objects.get("backups/2026-11-24T14-20-52Z/manifest.json"), UTF_8);
        assertThat(summary).contains("\"sealed\": true").contains("0x1234ABCD5678EF90").contains("database-data")
                .doesNotContain("db/data.sql").doesNotContain("postgres");
        assertThat(store.objects).containsKey("backups/2026-11-24T14-20-52Z/manifest.json.gpg");

        List<BackupSummary> listed = repository(null).list();
        assertThat(listed).singleElement().satisfies(b -> {
            assertThat(b.complete()).isTrue();
            assertThat(b.manifest()).isEmpty();
            assertThat(b.summary().orElseThrow().encryption().orElseThrow().keyIds()).containsExactly("0x1234ABCD5678EF90");
            assertThat(b.summary().orElseThrow().components()).containsExactly(EntryKind.DATABASE_DATA);
        });
        Manifest whole = repository(new FlipEncryptor()).open("latest").manifest();
        assertThat(whole.entries()).extracting(ManifestEntry::path).containsExactly("db/data.sql");
        assertThat(whole.source()).isEqualTo(source);
    }

    @Test
    void withoutAKeyAnEncryptedBackupCannotBeOpenedAndTheMessageSaysWhatOpensIt() {
        backUp();
        assertThatThrownBy(() -> repository(null).open("latest"))
                .isInstanceOfSatisfying(SupabackupException.class, e -> {
                    assertThat(e.kind()).isEqualTo(FailureKind.USAGE);
                    assertThat(e.hint()).contains("--decrypt-key");
                })
                .hasMessageContaining("0x1234ABCD5678EF90");
    }

    @Test
    void aFlippedStoredByteIsCaughtBeforeTheContentIsTrusted() throws IOException {
        ManifestEntry entry = backUp();
        byte[] stored = store.objects.get("backups/2026-11-24T14-20-52Z/db/data.sql.gz.gpg");
        stored[stored.length / 2] ^= 1;
        try (InputStream in = repository(new FlipEncryptor()).open("latest").open(entry)) {
            assertThatThrownBy(in::readAllBytes).isInstanceOf(IOException.class);
        }
    }

    @Test
    void aFailureWhileProducingTheDataStoresNothing() {
        BackupWriter writer = repository(new FlipEncryptor()).begin();
        InputStream failing = new InputStream() {
            private int left = 200_000;

            @Override
            public int read() throws IOException {
                if (left-- <= 0) {
                    throw new IOException("pg_dump died");
                }
                return 'x';
            }
        };
        assertThatThrownBy(() -> writer.put("db/data.sql", EntryKind.DATABASE_DATA, failing))
                .hasMessageContaining("pg_dump died");
        assertThat(store.objects.keySet()).noneMatch(k -> k.contains("data.sql"));
    }

    @Test
    void aFullArchiveIsNotCompressedTwice() {
        BackupWriter writer = repository(new FlipEncryptor()).begin();
        ManifestEntry entry = writer.put("db/full.dump", EntryKind.DATABASE_FULL, new ByteArrayInputStream(new byte[100]));
        assertThat(entry.compression()).isEqualTo("none");
        assertThat(entry.encryption()).isEqualTo("openpgp");
    }
}
