package io.supabackup.domain.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthPasswordHashesTest {
    @Test
    void readsTheHashesOfTheAuthUsersCopyBlockOnly() throws Exception {
        String dump = """
                SET session_replication_role = replica;
                COPY "public"."users" ("id", "encrypted_password") FROM stdin;
                not-auth\tdecoy
                \\.
                COPY "auth"."users" ("instance_id", "id", "aud", "encrypted_password", "email") FROM stdin;
                \\N\ta1\tauthenticated\t$2a$10$abcdefghijklmnopqrstuv\talice@example.com
                \\N\tb2\tauthenticated\t\\N\tbob@example.com
                \\N\tc3\tauthenticated\t\tcarol@example.com
                \\N\td4\tauthenticated\tback\\\\slash\tdan@example.com
                \\.
                """;
        Map<String, String> hashes = AuthPasswordHashes.fromDataDump(
                new ByteArrayInputStream(dump.getBytes(StandardCharsets.UTF_8)));
        assertThat(hashes).containsOnly(Map.entry("a1", "$2a$10$abcdefghijklmnopqrstuv"), Map.entry("d4", "back\\slash"));
    }
}
