package io.supabackup.adapters.postgres;

import io.supabackup.adapters.postgres.SqlLineFilter.Edit;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The edits the Supabase CLI makes to its schema and roles dumps, so that a project can be restored by
 * the non-superuser {@code postgres} role into a project the platform has already set up. Each rule
 * looks only at the first line of a statement; commenting out keeps the original text visible.
 */
final class DumpEdits {
    private DumpEdits() {
    }

    private static final String QUOTED = "\"(?:[^\"]|\"\")*\"";

    static SqlLineFilter.Editor schema() {
        String excluded = PlatformSchemas.alternation(PlatformSchemas.SCHEMA_EXCLUDED);
        Pattern grantOnExcluded = Pattern.compile(
                "^(?:GRANT|REVOKE) .*? ON (?:[A-Z]+ )*\"" + excluded + "\"(?:\\.|\\s|;|$).*");
        Pattern ownerToAdmin = Pattern.compile("^ALTER .+ OWNER TO \"supabase_admin\";\\s*$");
        Pattern fdwOwner = Pattern.compile("^ALTER FOREIGN DATA WRAPPER .+ OWNER TO .*");
        Pattern fdwGrant = Pattern.compile("^GRANT .+ ON FOREIGN DATA WRAPPER .+ TO \"postgres\" WITH GRANT OPTION.*");
        Pattern platformExtension = Pattern.compile("^(CREATE EXTENSION IF NOT EXISTS \"(?:pg_tle|pgsodium)\").+");
        List<String[]> replacements = List.of(
                new String[] {"CREATE SCHEMA \"", "CREATE SCHEMA IF NOT EXISTS \""},
                new String[] {"CREATE TABLE \"", "CREATE TABLE IF NOT EXISTS \""},
                new String[] {"CREATE SEQUENCE \"", "CREATE SEQUENCE IF NOT EXISTS \""},
                new String[] {"CREATE VIEW \"", "CREATE OR REPLACE VIEW \""},
                new String[] {"CREATE FUNCTION \"", "CREATE OR REPLACE FUNCTION \""},
                new String[] {"CREATE PROCEDURE \"", "CREATE OR REPLACE PROCEDURE \""},
                new String[] {"CREATE TRIGGER \"", "CREATE OR REPLACE TRIGGER \""});
        return line -> {
            if (line.startsWith("CREATE EVENT TRIGGER ") || line.startsWith("ALTER EVENT TRIGGER ")
                    || line.startsWith("CREATE PUBLICATION \"supabase_realtime")
                    || line.startsWith("ALTER PUBLICATION \"supabase_realtime_")
                    || line.startsWith("ALTER DEFAULT PRIVILEGES FOR ROLE \"supabase_admin\"")
                    || line.startsWith("COMMENT ON EXTENSION ")
                    || line.startsWith("CREATE POLICY \"cron_job_")
                    || line.startsWith("ALTER TABLE \"cron\"")
                    || fdwOwner.matcher(line).matches()
                    || fdwGrant.matcher(line).matches()
                    || grantOnExcluded.matcher(line).matches()
                    || ownerToAdmin.matcher(line).matches()) {
                return Edit.COMMENT_OUT;
            }
            Matcher extension = platformExtension.matcher(line);
            if (extension.matches() && !line.equals(extension.group(1) + ";")) {
                return Edit.replace(extension.group(1) + ";");
            }
            for (String[] r : replacements) {
                if (line.startsWith(r[0])) {
                    return Edit.replace(r[1] + line.substring(r[0].length()));
                }
            }
            return Edit.KEEP;
        };
    }

    /**
     * The platform schema dump ({@code --schema-only -n auth -n storage …}) made fit to replay into a plain
     * PostgreSQL before the other dumps: the user's policies and triggers on platform tables are commented out,
     * because the platform dump recreates them after the schema dump made the functions they call; schemas are
     * created only if missing.
     */
    static SqlLineFilter.Editor platformSchema() {
        // a trigger whose function lies outside the platform schemas is the user's, as PlatformObjects decides
        Pattern userTrigger = Pattern.compile("^CREATE (?:CONSTRAINT )?TRIGGER .* EXECUTE (?:FUNCTION|PROCEDURE) "
                + "(?!\"" + PlatformSchemas.alternation(PlatformSchemas.SCHEMA_EXCLUDED) + "\"\\.)" + QUOTED + "\\..*");
        return line -> {
            if (line.startsWith("CREATE POLICY ") || line.startsWith("COMMENT ON EXTENSION ")
                    || userTrigger.matcher(line).matches()) {
                return Edit.COMMENT_OUT;
            }
            if (line.startsWith("CREATE SCHEMA \"")) {
                return Edit.replace("CREATE SCHEMA IF NOT EXISTS \"" + line.substring("CREATE SCHEMA \"".length()));
            }
            return Edit.KEEP;
        };
    }

    static SqlLineFilter.Editor roles() {
        String reserved = "\"" + PlatformSchemas.alternation(PlatformSchemas.RESERVED_ROLES) + "\"";
        Pattern reservedRoleStatement = Pattern.compile(
                "^(?:CREATE ROLE|ALTER ROLE|COMMENT ON ROLE|SECURITY LABEL (?:FOR \\S+ )?ON ROLE) " + reserved + "(?:[ ;].*|$)");
        Pattern allowedSetting = Pattern.compile("^ALTER ROLE " + reserved + " SET \""
                + PlatformSchemas.alternation(PlatformSchemas.ALLOWED_ROLE_CONFIGS) + "\" .*");
        Pattern grantToReserved = Pattern.compile("^GRANT .* TO " + reserved + "(?:[ ,;].*|$)");
        Pattern grantedBy = Pattern.compile(" GRANTED BY " + QUOTED);
        Pattern superuserOnlyAttributes = Pattern.compile(" (?:NOSUPERUSER|NOREPLICATION)(?=[ ;])");
        return line -> {
            if (allowedSetting.matcher(line).matches()) {
                return Edit.KEEP;
            }
            if (reservedRoleStatement.matcher(line).matches() || grantToReserved.matcher(line).matches()) {
                return Edit.COMMENT_OUT;
            }
            if (line.startsWith("GRANT ")) {
                // the grantor is often supabase_admin, whom the restoring role cannot speak for
                String stripped = grantedBy.matcher(line).replaceAll("");
                return stripped.equals(line) ? Edit.KEEP : Edit.replace(stripped);
            }
            if (line.startsWith("ALTER ROLE ") && line.contains(" WITH ")) {
                String stripped = superuserOnlyAttributes.matcher(line).replaceAll("");
                return stripped.equals(line) ? Edit.KEEP : Edit.replace(stripped);
            }
            return Edit.KEEP;
        };
    }
}
