package io.supabackup.cli.bench;

import io.supabackup.adapters.crypto.Compression;
import io.supabackup.adapters.storage.local.LocalObjectStores;
import io.supabackup.adapters.storage.s3.S3Config;
import io.supabackup.adapters.storage.s3.S3ObjectStores;
import io.supabackup.domain.model.DumpMode;
import io.supabackup.domain.model.EntryKind;
import io.supabackup.domain.model.ManifestEntry;
import io.supabackup.domain.model.SourceInfo;
import io.supabackup.domain.port.out.BackupRepository.BackupWriter;
import io.supabackup.domain.port.out.ObjectStore;
import io.supabackup.domain.repository.ObjectStoreBackupRepository;
import io.supabackup.testkit.s3.InProcessS3;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Not a test: streams FILE into a new backup of a repository as the CLI's data dump goes, through the
 * repository's write path (SHA-256, the compression given, a bounded pipe to the store), into either a
 * local directory or, given an {@code http://} endpoint of {@link S3Server}, its bucket {@code backups}
 * under PREFIX with the CLI's default part size. Run by bench/repository-upload.sh.
 *
 * <p>Arguments: FILE DIRECTORY|ENDPOINT PREFIX COMPRESSION
 */
public final class RepositoryUpload {
    private RepositoryUpload() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        String target = args[1];
        Compression compression = Compression.parse(args[3]);
        S3Client client = null;
        ObjectStore store;
        if (target.startsWith("http://")) {
            S3Config config = S3Config.builder().endpoint(URI.create(target)).pathStyle(true).region(InProcessS3.REGION)
                    .credentials(InProcessS3.ACCESS_KEY_ID, InProcessS3.SECRET_ACCESS_KEY, null).build();
            client = S3ObjectStores.client(config);
            store = S3ObjectStores.open(client, "backups", args[2], config);
        } else {
            store = LocalObjectStores.open(Path.of(target).resolve(args[2]));
        }
        ObjectStoreBackupRepository repository = new ObjectStoreBackupRepository(store, Clock.systemUTC(),
                "supabackup benchmarks", compression, null);
        BackupWriter writer = repository.begin();
        ManifestEntry entry;
        try (InputStream in = Files.newInputStream(file)) {
            entry = writer.put("db/data.sql", EntryKind.DATABASE_DATA, in);
        }
        writer.commit(DumpMode.SUPABASE, new SourceInfo("-", "-", ""));
        if (client != null) {
            client.close();
        }
        System.out.printf("stored %d bytes of %d%n", entry.size(), entry.plainSize());
    }
}
