package io.supabackup.domain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.supabackup.domain.error.FailureKind;
import io.supabackup.domain.error.SupabackupException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatabaseEndpointTest {
    @Test
    void parsesAPoolerUriWithAnEncodedPassword() {
        DatabaseEndpoint e = DatabaseEndpoint.parse(
                "postgresql://postgres.abcdefgh:p%40ss%2Fw0rd@aws-0-eu-central-1.pooler.supabase.com:5432/postgres?sslmode=require");
        assertThat(e.user()).isEqualTo("postgres.abcdefgh");
        assertThat(e.password()).isEqualTo("p@ss/w0rd");
        assertThat(e.host()).isEqualTo("aws-0-eu-central-1.pooler.supabase.com");
        assertThat(e.port()).isEqualTo(5432);
        assertThat(e.database()).isEqualTo("postgres");
        assertThat(e.parameters()).isEqualTo(Map.of("sslmode", "require"));
    }

    @Test
    void parsesIpv6HostsAndDefaults() {
        DatabaseEndpoint e = DatabaseEndpoint.parse("postgres://[2a05:d014::1]:6543");
        assertThat(e.host()).isEqualTo("2a05:d014::1");
        assertThat(e.port()).isEqualTo(6543);
        assertThat(e.database()).isEqualTo("postgres");
        assertThat(e.user()).isEqualTo("postgres");
        assertThat(e.redacted()).isEqualTo("postgresql://postgres@[2a05:d014::1]:6543/postgres");
    }

    @Test
    void parsesKeyValueStringsWithQuotedValues() {
        DatabaseEndpoint e = DatabaseEndpoint.parse("host=db.example.com port=6543 dbname=app user=admin "
                + "password='it\\'s a \\\\ secret' sslmode=verify-full");
        assertThat(e.host()).isEqualTo("db.example.com");
        assertThat(e.port()).isEqualTo(6543);
        assertThat(e.database()).isEqualTo("app");
        assertThat(e.user()).isEqualTo("admin");
        assertThat(e.password()).isEqualTo("it's a \\ secret");
        assertThat(e.parameters()).containsEntry("sslmode", "verify-full").doesNotContainKey("password");
    }

    @Test
    void neverPrintsThePassword() {
        DatabaseEndpoint e = DatabaseEndpoint.parse("postgresql://u:hunter2@h/db");
        assertThat(e.toString()).doesNotContain("hunter2").contains("***");
        assertThat(e.redacted()).isEqualTo("postgresql://u:***@h:5432/db");
    }

    @Test
    void rejectsGarbageAsAUsageError() {
        assertThatThrownBy(() -> DatabaseEndpoint.parse("mysql-server"))
                .isInstanceOfSatisfying(SupabackupException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.USAGE));
        assertThatThrownBy(() -> DatabaseEndpoint.parse("postgresql://h:notaport/db"))
                .isInstanceOf(SupabackupException.class).hasMessageContaining("notaport");
    }
}
