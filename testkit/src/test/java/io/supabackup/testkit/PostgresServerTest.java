package io.supabackup.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.supabackup.domain.model.DatabaseEndpoint;
import java.sql.Connection;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;

class PostgresServerTest {
    @Test
    void startsARealServerAndHandsOutFreshDatabases() throws Exception {
        DatabaseEndpoint db = PostgresServer.shared().createDatabase("smoke");
        try (Connection c = PostgresServer.connect(db);
             ResultSet rs = c.createStatement().executeQuery("select current_database(), current_setting('server_version_num')::int")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo(db.database());
            assertThat(rs.getInt(2)).isGreaterThanOrEqualTo(150000);
        }
        PostgresServer.shared().dropDatabase(db);
    }
}
