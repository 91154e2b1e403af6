package io.supabackup.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.supabackup.domain.model.DumpKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SqlLineFilterTest {

    private static byte[] filter(byte[] input, SqlLineFilter.Editor editor) throws IOException {
        try (InputStream in = new SqlLineFilter(new ByteArrayInputStream(input), editor)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            // odd buffer size so chunk boundaries fall mid-line
            byte[] buf = new byte[7];
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        }
    }

    private static String filter(String input, SqlLineFilter.Editor editor) throws IOException {
        return new String(filter(input.getBytes(StandardCharsets.UTF_8), editor), StandardCharsets.UTF_8);
    }

    private static final SqlLineFilter.Editor SCHEMA = DumpEdits.schema();

    @Test
    void copyDataThatLooksLikeSqlIsNeverEdited() throws IOException {
        String input = "SET transaction_timeout = 0;\n"
                + "COPY \"public\".\"notes\" (\"id\", \"body\") FROM stdin;\n"
                + "1\tSET transaction_timeout = 0;\n"
                + "GRANT ALL ON SCHEMA \"auth\" TO \"anon\";\n"
                + "\\restrict abc\n"
                + "CREATE TABLE \"x\" (a int);\n"
                + "\\.\n"
                + "SET transaction_timeout = 0;\n";
        SqlLineFilter.Editor restore = RestoreEdits.forTarget(DumpKind.DATA, 15, new ToolVersion(15, 2, "15.2"));
        assertThat(filter(input, restore)).isEqualTo("COPY \"public\".\"notes\" (\"id\", \"body\") FROM stdin;\n"
                + "1\tSET transaction_timeout = 0;\n"
                + "GRANT ALL ON SCHEMA \"auth\" TO \"anon\";\n"
                + "\\restrict abc\n"
                + "CREATE TABLE \"x\" (a int);\n"
                + "\\.\n");
        assertThat(filter(input, SCHEMA)).isEqualTo(input);
    }

    @Test
    void bytesThatAreNotUtf8PassThroughExactly() throws IOException {
        byte[] input = concat("COPY \"public\".\"t\" (\"b\") FROM stdin;\n".getBytes(StandardCharsets.US_ASCII),
                new byte[] {(byte) 0xff, (byte) 0xfe, 'x', (byte) 0xc3, '\r', '\n'},
                "\\.\r\nCREATE TABLE \"t\" (\"n\" text DEFAULT '".getBytes(StandardCharsets.US_ASCII),
                new byte[] {(byte) 0xe9, (byte) 0x80},
                "');\n".getBytes(StandardCharsets.US_ASCII));
        byte[] expected = concat("COPY \"public\".\"t\" (\"b\") FROM stdin;\n".getBytes(StandardCharsets.US_ASCII),
                new byte[] {(byte) 0xff, (byte) 0xfe, 'x', (byte) 0xc3, '\r', '\n'},
                "\\.\r\nCREATE TABLE IF NOT EXISTS \"t\" (\"n\" text DEFAULT '".getBytes(StandardCharsets.US_ASCII),
                new byte[] {(byte) 0xe9, (byte) 0x80},
                "');\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(filter(input, SCHEMA)).isEqualTo(expected);
    }

    @Test
    void crlfLineEndingsAreKeptAndALastLineWithoutNewlineIsEdited() throws IOException {
        String input = "CREATE SCHEMA \"app\";\r\nCOMMENT ON EXTENSION \"plpgsql\" IS 'x';\r\nCREATE VIEW \"app\".\"v\" AS SELECT 1;";
        assertThat(filter(input, SCHEMA)).isEqualTo("CREATE SCHEMA IF NOT EXISTS \"app\";\r\n"
                + "-- COMMENT ON EXTENSION \"plpgsql\" IS 'x';\r\n"
                + "CREATE OR REPLACE VIEW \"app\".\"v\" AS SELECT 1;");
    }

    @Test
    void multiLineStatementsAreCommentedOutWhole() throws IOException {
        String input = "CREATE EVENT TRIGGER \"issue_pg_cron_access\" ON \"ddl_command_end\"\n"
                + "         WHEN TAG IN ('CREATE EXTENSION')\n"
                + "   EXECUTE FUNCTION \"extensions\".\"grant_pg_cron_access\"();\n"
                + "\n"
                + "ALTER EVENT TRIGGER \"issue_pg_cron_access\" OWNER TO \"supabase_admin\";\n"
                + "CREATE TABLE \"public\".\"t\" (\"id\" integer);\n";
        assertThat(filter(input, SCHEMA)).isEqualTo("-- CREATE EVENT TRIGGER \"issue_pg_cron_access\" ON \"ddl_command_end\"\n"
                + "--          WHEN TAG IN ('CREATE EXTENSION')\n"
                + "--    EXECUTE FUNCTION \"extensions\".\"grant_pg_cron_access\"();\n"
                + "\n"
                + "-- ALTER EVENT TRIGGER \"issue_pg_cron_access\" OWNER TO \"supabase_admin\";\n"
                + "CREATE TABLE IF NOT EXISTS \"public\".\"t\" (\"id\" integer);\n");
    }

    @Test
    void functionBodiesAndStringsAreNotEdited() throws IOException {
        String input = "CREATE FUNCTION \"public\".\"f\"() RETURNS void\n"
                + "    LANGUAGE \"plpgsql\"\n"
                + "    AS $_$\n"
                + "begin\n"
                + "GRANT ALL ON SCHEMA \"auth\" TO anon;\n"
                + "CREATE TABLE \"x\" (a int);\n"
                + "perform $1; -- $_ is not the end\n"
                + "end\n"
                + "$_$;\n"
                + "COMMENT ON TABLE \"public\".\"t\" IS 'first line;\n"
                + "CREATE TABLE \"y\" (b int);\n"
                + "GRANT ALL ON SCHEMA \"auth\" TO anon;';\n"
                + "/* block\n"
                + "CREATE TABLE \"z\" */\n"
                + "GRANT ALL ON SCHEMA \"auth\" TO \"anon\";\n"
                + "GRANT ALL ON SCHEMA \"public\" TO \"anon\";\n";
        assertThat(filter(input, SCHEMA)).isEqualTo("CREATE OR REPLACE FUNCTION \"public\".\"f\"() RETURNS void\n"
                + "    LANGUAGE \"plpgsql\"\n"
                + "    AS $_$\n"
                + "begin\n"
                + "GRANT ALL ON SCHEMA \"auth\" TO anon;\n"
                + "CREATE TABLE \"x\" (a int);\n"
                + "perform $1; -- $_ is not the end\n"
                + "end\n"
                + "$_$;\n"
                + "COMMENT ON TABLE \"public\".\"t\" IS 'first line;\n"
                + "CREATE TABLE \"y\" (b int);\n"
                + "GRANT ALL ON SCHEMA \"auth\" TO anon;';\n"
                + "/* block\n"
                + "CREATE TABLE \"z\" */\n"
                + "-- GRANT ALL ON SCHEMA \"auth\" TO \"anon\";\n"
                + "GRANT ALL ON SCHEMA \"public\" TO \"anon\";\n");
    }

    @Test
    void schemaRulesFollowTheSupabaseCli() throws IOException {
        String input = "CREATE SEQUENCE \"public\".\"s\"\n    START WITH 1;\n"
                + "CREATE TRIGGER \"t\" BEFORE INSERT ON \"public\".\"x\" FOR EACH ROW EXECUTE FUNCTION \"public\".\"f\"();\n"
                + "CREATE PUBLICATION \"supabase_realtime\" WITH (publish = 'insert, update, delete, truncate');\n"
                + "ALTER PUBLICATION \"supabase_realtime\" ADD TABLE ONLY \"public\".\"x\";\n"
                + "ALTER PUBLICATION \"supabase_realtime_messages_publication\" ADD TABLE ONLY \"realtime\".\"m\";\n"
                + "ALTER FOREIGN DATA WRAPPER \"postgres_fdw\" OWNER TO \"postgres\";\n"
                + "GRANT ALL ON FOREIGN DATA WRAPPER \"postgres_fdw\" TO \"postgres\" WITH GRANT OPTION;\n"
                + "ALTER DEFAULT PRIVILEGES FOR ROLE \"supabase_admin\" IN SCHEMA \"public\" GRANT ALL ON TABLES TO \"anon\";\n"
                + "ALTER DEFAULT PRIVILEGES FOR ROLE \"postgres\" IN SCHEMA \"public\" GRANT ALL ON TABLES TO \"anon\";\n"
                + "REVOKE ALL ON TABLE \"storage\".\"objects\" FROM \"anon\";\n"
                + "GRANT USAGE ON SCHEMA \"pg_catalog\" TO \"anon\";\n"
                + "GRANT ALL ON FUNCTION \"public\".\"f\"(\"x\" \"auth\".\"t\") TO \"anon\";\n"
                + "CREATE EXTENSION IF NOT EXISTS \"pgsodium\" WITH SCHEMA \"pgsodium\";\n"
                + "CREATE POLICY \"cron_job_policy\" ON \"cron\".\"job\" USING (true);\n"
                + "ALTER TABLE \"public\".\"x\" OWNER TO \"supabase_admin\";\n"
                + "ALTER TABLE \"public\".\"x\" OWNER TO \"postgres\";\n";
        assertThat(filter(input, SCHEMA)).isEqualTo("CREATE SEQUENCE IF NOT EXISTS \"public\".\"s\"\n    START WITH 1;\n"
                + "CREATE OR REPLACE TRIGGER \"t\" BEFORE INSERT ON \"public\".\"x\" FOR EACH ROW EXECUTE FUNCTION \"public\".\"f\"();\n"
                + "-- CREATE PUBLICATION \"supabase_realtime\" WITH (publish = 'insert, update, delete, truncate');\n"
                + "ALTER PUBLICATION \"supabase_realtime\" ADD TABLE ONLY \"public\".\"x\";\n"
                + "-- ALTER PUBLICATION \"supabase_realtime_messages_publication\" ADD TABLE ONLY \"realtime\".\"m\";\n"
                + "-- ALTER FOREIGN DATA WRAPPER \"postgres_fdw\" OWNER TO \"postgres\";\n"
                + "-- GRANT ALL ON FOREIGN DATA WRAPPER \"postgres_fdw\" TO \"postgres\" WITH GRANT OPTION;\n"
                + "-- ALTER DEFAULT PRIVILEGES FOR ROLE \"supabase_admin\" IN SCHEMA \"public\" GRANT ALL ON TABLES TO \"anon\";\n"
                + "ALTER DEFAULT PRIVILEGES FOR ROLE \"postgres\" IN SCHEMA \"public\" GRANT ALL ON TABLES TO \"anon\";\n"
                + "-- REVOKE ALL ON TABLE \"storage\".\"objects\" FROM \"anon\";\n"
                + "-- GRANT USAGE ON SCHEMA \"pg_catalog\" TO \"anon\";\n"
                + "GRANT ALL ON FUNCTION \"public\".\"f\"(\"x\" \"auth\".\"t\") TO \"anon\";\n"
                + "CREATE EXTENSION IF NOT EXISTS \"pgsodium\";\n"
                + "-- CREATE POLICY \"cron_job_policy\" ON \"cron\".\"job\" USING (true);\n"
                + "-- ALTER TABLE \"public\".\"x\" OWNER TO \"supabase_admin\";\n"
                + "ALTER TABLE \"public\".\"x\" OWNER TO \"postgres\";\n");
    }

    @Test
    void rolesRulesLeaveReservedRolesOutAndDropGrantors() throws IOException {
        String input = "CREATE ROLE \"anon\";\n"
                + "ALTER ROLE \"anon\" WITH NOSUPERUSER INHERIT NOCREATEROLE NOCREATEDB NOLOGIN NOREPLICATION NOBYPASSRLS;\n"
                + "ALTER ROLE \"anon\" SET \"statement_timeout\" TO '3s';\n"
                + "ALTER ROLE \"authenticator\" SET \"search_path\" TO 'x';\n"
                + "CREATE ROLE \"supabase_storage_admin\";\n"
                + "CREATE ROLE \"cli_login_postgres\";\n"
                + "COMMENT ON ROLE \"postgres\" IS 'x';\n"
                + "CREATE ROLE \"app_reader\";\n"
                + "ALTER ROLE \"app_reader\" WITH NOSUPERUSER INHERIT NOCREATEROLE NOCREATEDB LOGIN NOREPLICATION NOBYPASSRLS;\n"
                + "CREATE ROLE \"anonymous\";\n"
                + "GRANT \"anon\" TO \"authenticator\" GRANTED BY \"supabase_admin\";\n"
                + "GRANT \"authenticated\" TO \"app_reader\" WITH INHERIT TRUE GRANTED BY \"supabase_admin\";\n";
        assertThat(filter(input, DumpEdits.roles())).isEqualTo("-- CREATE ROLE \"anon\";\n"
                + "-- ALTER ROLE \"anon\" WITH NOSUPERUSER INHERIT NOCREATEROLE NOCREATEDB NOLOGIN NOREPLICATION NOBYPASSRLS;\n"
                + "ALTER ROLE \"anon\" SET \"statement_timeout\" TO '3s';\n"
                + "-- ALTER ROLE \"authenticator\" SET \"search_path\" TO 'x';\n"
                + "-- CREATE ROLE \"supabase_storage_admin\";\n"
                + "-- CREATE ROLE \"cli_login_postgres\";\n"
                + "-- COMMENT ON ROLE \"postgres\" IS 'x';\n"
                + "CREATE ROLE \"app_reader\";\n"
                + "ALTER ROLE \"app_reader\" WITH INHERIT NOCREATEROLE NOCREATEDB LOGIN NOBYPASSRLS;\n"
                + "CREATE ROLE \"anonymous\";\n"
                + "-- GRANT \"anon\" TO \"authenticator\" GRANTED BY \"supabase_admin\";\n"
                + "GRANT \"authenticated\" TO \"app_reader\" WITH INHERIT TRUE;\n");
    }

    @Test
    void restoreDropsWhatTheTargetRejectsOnly() throws IOException {
        String input = "\\restrict K3y\n\nSET transaction_timeout = 0;\nCREATE ROLE \"app\";\n\\unrestrict K3y\n";
        ToolVersion oldPsql = ToolVersion.parse("psql (PostgreSQL) 15.13").orElseThrow();
        ToolVersion newPsql = ToolVersion.parse("psql (PostgreSQL) 17.6 (Debian)").orElseThrow();
        assertThat(filter(input, RestoreEdits.forTarget(DumpKind.SCHEMA, 15, oldPsql)))
                .isEqualTo("\nCREATE ROLE \"app\";\n");
        assertThat(filter(input, RestoreEdits.forTarget(DumpKind.SCHEMA, 17, newPsql))).isEqualTo(input);
        assertThat(filter(input, RestoreEdits.forTarget(DumpKind.ROLES, 17, newPsql)))
                .contains("DO $supabackup$BEGIN CREATE ROLE \"app\"; EXCEPTION WHEN duplicate_object")
                .startsWith("\\restrict K3y\n");
    }

    @Test
    void restrictSupportFollowsTheMinorReleases() {
        assertThat(RestoreEdits.supportsRestrict(new ToolVersion(17, 5, ""))).isFalse();
        assertThat(RestoreEdits.supportsRestrict(new ToolVersion(17, 6, ""))).isTrue();
        assertThat(RestoreEdits.supportsRestrict(new ToolVersion(16, 10, ""))).isTrue();
        assertThat(RestoreEdits.supportsRestrict(new ToolVersion(15, 13, ""))).isFalse();
        assertThat(RestoreEdits.supportsRestrict(new ToolVersion(14, 19, ""))).isTrue();
        assertThat(RestoreEdits.supportsRestrict(new ToolVersion(13, 21, ""))).isFalse();
        assertThat(RestoreEdits.supportsRestrict(new ToolVersion(12, 99, ""))).isFalse();
        assertThat(RestoreEdits.supportsRestrict(new ToolVersion(18, 0, ""))).isTrue();
    }

    @Test
    void veryLongLinesStreamThroughUnchanged() throws IOException {
        StringBuilder big = new StringBuilder("COPY \"public\".\"t\" (\"v\") FROM stdin;\n");
        big.append("x".repeat(SqlLineFilter.MAX_EDITABLE_LINE * 3 + 5)).append("\\.\n");
        big.append("\\.\n");
        String longComment = "COMMENT ON TABLE \"public\".\"t\" IS '" + "y".repeat(SqlLineFilter.MAX_EDITABLE_LINE * 2)
                + "\nGRANT ALL ON SCHEMA \"auth\" TO \"anon\";';\n";
        big.append(longComment);
        big.append("CREATE TABLE \"a\" (b int);");
        String out = filter(big.toString(), SCHEMA);
        assertThat(out).isEqualTo(big.toString().replace("CREATE TABLE \"a\"", "CREATE TABLE IF NOT EXISTS \"a\""));
    }

    @Test
    void toolVersionsAreParsed() {
        assertThat(ToolVersion.parse("pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)"))
                .map(v -> v.major() + "/" + v.minor() + "/" + v.text()).isEqualTo(Optional.of("15/18/15.18"));
        assertThat(ToolVersion.parse("pg_dump (PostgreSQL) 17beta1")).map(ToolVersion::major).contains(17);
        assertThat(ToolVersion.parse("nothing here")).isEmpty();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
