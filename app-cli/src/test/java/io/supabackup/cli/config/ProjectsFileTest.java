package io.supabackup.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.supabackup.cli.wiring.AppConfig;
import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import io.supabackup.domain.model.RetentionPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The projects file: its shape checked at load, its secrets only referred to and looked up per project. */
class ProjectsFileTest {
    private static final ProjectsFile.Defaults DEFAULTS =
            new ProjectsFile.Defaults(true, Optional.empty(), 8, 4, Duration.ZERO);

    @TempDir
    Path work;

    private Path write(String yaml) throws IOException {
        Path file = work.resolve("supabackup.yaml");
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        return file;
    }

    private static Function<String, Optional<String>> environment(Map<String, String> values) {
        return name -> Optional.ofNullable(values.get(name));
    }

    private static void refusedWith(Path file, String... parts) {
        assertThatThrownBy(() -> ProjectsFile.load(file)).isInstanceOfSatisfying(SupabackupException.class, e -> {
            assertThat(e.kind()).isEqualTo(FailureKind.USAGE);
            assertThat(e.getMessage()).startsWith("supabackup.yaml: ").contains(parts).doesNotContain("\n");
        });
    }

    @Test
    void anInlineSecretIsRefusedNamingTheKeyAndTheFixWithoutRepeatingIt() throws IOException {
        Path file = write("""
                repositories:
                  local: { url: backups }
                projects:
                  prod:
                    db-url: postgresql://postgres:hunter2@db.example.com:5432/postgres
                """);
        assertThatThrownBy(() -> ProjectsFile.load(file)).isInstanceOfSatisfying(SupabackupException.class, e -> {
            assertThat(e.kind()).isEqualTo(FailureKind.USAGE);
            assertThat(e.getMessage()).isEqualTo("supabackup.yaml: projects.prod.db-url is a secret written into the "
                    + "file; refer to it instead, as {env: VARIABLE} or {file: PATH}");
            assertThat(e.hint()).as("one line says it all").isNull();
        });
    }

    @Test
    void everySecretKeyRefusesAnInlineValue() throws IOException {
        refusedWith(write("""
                repositories:
                  offsite:
                    url: s3://bucket/prefix
                    s3: { region: eu-central-1, access-key-id: AKIAEXAMPLE, secret-access-key: wJalrXUtnFEMI }
                projects:
                  prod: { db-url: { env: PROD_DB_URL } }
                """), "repositories.offsite.s3.secret-access-key is a secret written into the file");
        refusedWith(write("""
                repositories:
                  local: { url: backups, passphrase: correct horse }
                projects:
                  prod: { db-url: { env: PROD_DB_URL } }
                """), "repositories.local.passphrase is a secret");
        refusedWith(write("""
                repositories:
                  local: { url: backups }
                projects:
                  prod: { db-url: { env: PROD_DB_URL }, project-url: https://ref.supabase.co, service-role-key: eyJhbGci }
                """), "projects.prod.service-role-key is a secret");
        refusedWith(write("""
                repositories:
                  local: { url: backups }
                projects:
                  prod: { db-url: { env: PROD_DB_URL } }
                notify: { url: https://hooks.slack.com/services/T000/B000/XXXX }
                """), "notify.url is a secret");
    }

    @Test
    void aProjectNamingAnUnknownRepositoryIsRefusedListingTheKnownOnes() throws IOException {
        Path file = write("""
                repositories:
                  offsite: { url: s3://bucket/prefix }
                  local: { url: backups }
                projects:
                  prod: { db-url: { env: PROD_DB_URL }, repository: ofsite }
                """);
        assertThatThrownBy(() -> ProjectsFile.load(file)).isInstanceOfSatisfying(SupabackupException.class, e -> {
            assertThat(e.getMessage()).isEqualTo("supabackup.yaml: projects.prod.repository names 'ofsite', which is "
                    + "not under repositories");
            assertThat(e.hint()).isEqualTo("the repositories are: offsite, local");
        });
    }

    @Test
    void aMisspeltKeyIsRefusedRatherThanIgnored() throws IOException {
        Path file = write("""
                repositories:
                  local: { url: backups }
                projects:
                  prod: { db-url: { env: PROD_DB_URL }, keep: { dayly: 7 } }
                """);
        assertThatThrownBy(() -> ProjectsFile.load(file)).isInstanceOfSatisfying(SupabackupException.class, e -> {
            assertThat(e.getMessage()).isEqualTo("supabackup.yaml: projects.prod.keep.dayly is not a known key");
            assertThat(e.hint()).contains("daily, last, monthly, weekly, within");
        });
    }

    @Test
    void environmentAndFileReferencesAreResolvedIntoTheProjectsConfiguration() throws IOException {
        Files.writeString(work.resolve("service_role_key"), "sb_secret_abcdefghijklmnop\n");
        Files.writeString(work.resolve("public.asc"), "a key file");
        Path file = write("""
                repositories:
                  offsite:
                    url: s3://acme-backups/supabase
                    s3: { region: eu-central-1, access-key-id: AKIAEXAMPLE, secret-access-key: { env: S3_SECRET },
                          upload-concurrency: 8 }
                    encrypt-to: [public.asc]
                    passphrase: { env: BACKUP_PASSPHRASE }
                    connections: 4
                    lock-wait: 10m
                  local: { url: backups }
                projects:
                  prod:
                    db-url: { env: PROD_DB_URL }
                    project-url: https://prodref.supabase.co
                    service-role-key: { file: service_role_key }
                    repository: offsite
                    keep: { daily: 7, weekly: 4 }
                  staging: { db-url: { env: STAGING_DB_URL }, repository: local, only: [db] }
                """);
        ProjectsFile projects = ProjectsFile.load(file);
        assertThat(projects.projectNames()).containsExactly("prod", "staging");

        List<String> secrets = new ArrayList<>();
        ResolvedProject prod = projects.project("prod").resolve(environment(Map.of(
                "PROD_DB_URL", "postgresql://postgres:db-Secret@db.example.com:5432/postgres",
                "S3_SECRET", "s3-Secret", "BACKUP_PASSPHRASE", "pass-Secret")), DEFAULTS, secrets::add);

        AppConfig config = prod.config();
        assertThat(config.repository().toString()).isEqualTo("s3://acme-backups/supabase");
        assertThat(config.s3().region()).isEqualTo("eu-central-1");
        assertThat(config.s3().secretAccessKey()).isEqualTo("s3-Secret");
        assertThat(config.s3().uploadConcurrency()).isEqualTo(8);
        assertThat(config.crypto().recipientKeyFiles()).containsExactly(work.resolve("public.asc"));
        assertThat(new String(config.crypto().passphrase())).isEqualTo("pass-Secret");
        assertThat(config.supabase().orElseThrow().key()).isEqualTo("sb_secret_abcdefghijklmnop");
        assertThat(config.repositoryConnections()).isEqualTo(4);
        assertThat(config.repositoryAttempts()).as("the command line's retries, plus the first try").isEqualTo(5);
        assertThat(config.lockWait()).isEqualTo(Duration.ofMinutes(10));
        assertThat(prod.database().password()).isEqualTo("db-Secret");
        assertThat(prod.parts()).as("the project's API brings storage and auth").containsExactlyInAnyOrder(
                "db", "storage", "auth");
        assertThat(prod.keep()).contains(new RetentionPolicy(0, 7, 4, 0, Duration.ZERO));
        assertThat(secrets).as("every secret found is handed over for masking")
                .contains("sb_secret_abcdefghijklmnop", "db-Secret", "s3-Secret", "pass-Secret");

        ResolvedProject staging = projects.project("staging").resolve(environment(Map.of(
                "STAGING_DB_URL", "postgresql://postgres:x-Secret@localhost:5432/postgres")), DEFAULTS, secrets::add);
        assertThat(staging.config().repository()).as("relative to the file's folder")
                .isEqualTo(work.resolve("backups").toUri());
        assertThat(staging.keep()).isEmpty();
        assertThat(staging.pruneCommand(false)).isEmpty();
    }

    @Test
    void aMissingEnvironmentVariableIsNamedWhenTheProjectRuns() throws IOException {
        Path file = write("""
                repositories:
                  local: { url: backups }
                projects:
                  prod: { db-url: { env: PROD_DB_URL } }
                  staging: { db-url: { file: secrets/staging_db_url } }
                """);
        ProjectsFile projects = ProjectsFile.load(file);
        assertThatThrownBy(() -> projects.project("prod").resolve(environment(Map.of()), DEFAULTS, s -> { }))
                .isInstanceOfSatisfying(SupabackupException.class, e -> {
                    assertThat(e.kind()).isEqualTo(FailureKind.USAGE);
                    assertThat(e.getMessage()).isEqualTo("projects.prod.db-url refers to the environment variable "
                            + "PROD_DB_URL, which is not set");
                });
        assertThatThrownBy(() -> projects.project("staging").resolve(environment(Map.of()), DEFAULTS, s -> { }))
                .isInstanceOfSatisfying(SupabackupException.class, e -> assertThat(e.getMessage())
                        .isEqualTo("projects.staging.db-url refers to the file "
                                + work.resolve("secrets/staging_db_url") + ", which cannot be read: "
                                + "NoSuchFileException"));
    }

    @Test
    void anUnknownProjectNameListsTheProjects() throws IOException {
        ProjectsFile projects = ProjectsFile.load(write("""
                repositories:
                  local: { url: backups }
                projects:
                  prod: { db-url: { env: PROD_DB_URL } }
                  staging: { db-url: { env: STAGING_DB_URL } }
                """));
        assertThatThrownBy(() -> projects.project("qa")).isInstanceOfSatisfying(SupabackupException.class, e -> {
            assertThat(e.getMessage()).isEqualTo("there is no project 'qa' in supabackup.yaml");
            assertThat(e.hint()).isEqualTo("the projects are: prod, staging");
        });
    }

    @Test
    void theDocumentedExampleLoads() {
        ProjectsFile example = ProjectsFile.load(Path.of("..", "docs", "supabackup.example.yaml").toAbsolutePath());
        assertThat(example.projectNames()).containsExactly("prod", "staging");
        assertThat(example.project("prod").repository().name()).isEqualTo("offsite");
        assertThat(example.project("prod").keep()).contains(new RetentionPolicy(0, 7, 4, 6, Duration.ZERO));
    }

    @Test
    void invalidYamlSaysWhere() throws IOException {
        refusedWith(write("""
                repositories:
                  local: { url: backups
                projects: {}
                """), "not valid YAML at line");
    }
}
