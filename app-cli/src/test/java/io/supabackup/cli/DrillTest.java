package io.supabackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.supabackup.domain.model.DatabaseEndpoint;
import io.supabackup.testkit.PostgresServer;
import io.supabackup.testkit.db.SupabaseFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** verify --drill: a real restore of a Supabase backup into a throwaway PostgreSQL, table by table. */
class DrillTest {
    private static final PostgresServer SERVER = PostgresServer.shared();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;


    @Test
    void aSupabaseBackupRestoresIntoAnEmbeddedServerWithEveryTableIntact() throws Exception {
        DatabaseEndpoint source = SupabaseFixture.newLoadedProject(SERVER);
        CliRunner cli = new CliRunner(work);
        assertThat(cli.run("backup", "--db-url", CliRunner.url(source), "--repo", "repo").exitCode()).isZero();

        CliRunner.Result drill = cli.run("verify", "--drill", "--repo", "repo", "--json");
        assertThat(drill.exitCode()).as(drill.toString()).isZero();
        JsonNode components = JSON.readTree(drill.out()).get("backups").get(0).get("components");
        JsonNode drilled = null;
        for (JsonNode c : components) {
            if (c.get("component").asText().equals("drill")) {
                drilled = c;
            }
        }
        assertThat(drilled).as(drill.out()).isNotNull();
        assertThat(drilled.get("failures")).isEmpty();
        assertThat(drilled.get("files").asLong()).as("tables compared").isGreaterThan(5);
        assertThat(drilled.get("bytes").asLong()).as("rows compared").isPositive();
        assertThat(drilled.get("notes").toString()).contains("embedded");
    }

    @Test
    void aDrillServerGetsAThrowawayDatabaseThatIsDroppedAfterwards() throws Exception {
        DatabaseEndpoint source = SupabaseFixture.newLoadedProject(SERVER);
        CliRunner cli = new CliRunner(work);
        assertThat(cli.run("backup", "--db-url", CliRunner.url(source), "--repo", "repo").exitCode()).isZero();
        DatabaseEndpoint admin = SERVER.admin();

        CliRunner.Result drill = cli.run("verify", "--drill-db-url", CliRunner.url(admin), "--repo", "repo");
        assertThat(drill.exitCode()).as(drill.toString()).isZero();
        assertThat(drill.out()).contains("drill").contains("supabackup_drill_").contains("✓");
        try (var c = PostgresServer.connect(admin); var s = c.createStatement();
             var rs = s.executeQuery("SELECT count(*) FROM pg_database WHERE datname LIKE 'supabackup_drill_%'")) {
            rs.next();
            assertThat(rs.getLong(1)).as("the scratch database is dropped").isZero();
        }
    }
}
