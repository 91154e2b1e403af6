package io.supabackup.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.supabackup.domain.model.DatabaseEndpoint;
import io.supabackup.domain.model.DumpKind;
import io.supabackup.testkit.PostgresServer;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RolesTest {
    private final ToolLocator tools = new ToolLocator(PostgresConfig.defaults());
    private final PgDatabaseExporter exporter = new PgDatabaseExporter(tools);
    private final PgDatabaseImporter importer = new PgDatabaseImporter(tools);

    @Test
    void customRolesAreDumpedReservedOnesAreNotAndRestoringOverExistingRolesWorks() {
        DatabaseEndpoint admin = PostgresServer.shared().admin();
        String custom = "sbk_app_role_" + ProcessHandle.current().pid();
        for (String reserved : List.of("anon", "authenticated", "supabase_admin")) {
            PostgresServer.execute(admin, "DO $$BEGIN CREATE ROLE " + reserved + "; "
                    + "EXCEPTION WHEN duplicate_object THEN NULL; END$$");
        }
        PostgresServer.execute(admin, "DO $$BEGIN CREATE ROLE " + custom + " LOGIN PASSWORD 'not-dumped'; "
                + "EXCEPTION WHEN duplicate_object THEN NULL; END$$; "
                + "ALTER ROLE " + custom + " SET statement_timeout = '5s'; "
                + "GRANT authenticated TO " + custom + "; GRANT " + custom + " TO anon");

        String roles = new String(DumpRestoreRoundTripTest.dump(exporter, admin, DumpKind.ROLES), StandardCharsets.UTF_8);
        List<String> active = Arrays.stream(roles.split("\n")).filter(l -> !l.startsWith("--")).toList();

        assertThat(active).contains("CREATE ROLE \"" + custom + "\";",
                "GRANT \"authenticated\" TO \"" + custom + "\";",
                "ALTER ROLE \"" + custom + "\" SET \"statement_timeout\" TO '5s';");
        assertThat(active).noneMatch(l -> l.startsWith("CREATE ROLE \"anon\"") || l.startsWith("CREATE ROLE \"postgres\"")
                || l.startsWith("CREATE ROLE \"supabase_admin\"") || l.startsWith("ALTER ROLE \"postgres\" WITH"));
        assertThat(active).noneMatch(l -> l.contains("GRANTED BY") || l.contains(" TO \"anon\""));
        assertThat(roles).contains("-- CREATE ROLE \"anon\";").doesNotContain("not-dumped", "SCRAM");

        DatabaseEndpoint target = PostgresServer.shared().createDatabase("roles_target");
        importer.restore(target, DumpKind.ROLES, new ByteArrayInputStream(roles.getBytes(StandardCharsets.UTF_8)));
        importer.restore(target, DumpKind.ROLES, new ByteArrayInputStream(roles.getBytes(StandardCharsets.UTF_8)));
    }
}
