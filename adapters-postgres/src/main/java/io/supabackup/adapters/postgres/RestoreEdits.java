package io.supabackup.adapters.postgres;

import io.supabackup.adapters.postgres.SqlLineFilter.Edit;
import io.supabackup.domain.model.DumpKind;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Adjusts a dump to the target while it is replayed: lines the target server or the chosen psql would
 * reject are dropped, and in a roles dump an existing role is not an error.
 */
final class RestoreEdits {
    private RestoreEdits() {
    }

    private static final Pattern CREATE_ROLE = Pattern.compile("^CREATE ROLE (\"(?:[^\"]|\"\")*\");\\s*$");
    private static final String DOLLAR_TAG = "$supabackup$";

    private static final Pattern CREATE_EXTENSION = Pattern.compile(
            "^CREATE EXTENSION IF NOT EXISTS \"((?:[^\"]|\"\")*)\"(?: WITH SCHEMA \"(?:[^\"]|\"\")*\")?;\\s*$");

    static SqlLineFilter.Editor forTarget(DumpKind kind, int serverMajor, ToolVersion psql) {
        return forTarget(kind, serverMajor, psql, false);
    }

    /**
     * @param withoutMissingExtensions whether a schema dump's {@code CREATE EXTENSION} of an extension the server
     *                                 does not have is left out with a warning instead of failing the restore:
     *                                 for scratch databases of a drill on a plain PostgreSQL, which lacks
     *                                 platform extensions such as pg_graphql or supabase_vault
     */
    static SqlLineFilter.Editor forTarget(DumpKind kind, int serverMajor, ToolVersion psql,
                                          boolean withoutMissingExtensions) {
        boolean dropTransactionTimeout = serverMajor < 17;
        boolean dropRestrict = !supportsRestrict(psql);
        return line -> {
            if (dropTransactionTimeout && line.startsWith("SET transaction_timeout ")) {
                return Edit.DROP;
            }
            if (dropRestrict && (line.startsWith("\\restrict ") || line.startsWith("\\unrestrict "))) {
                return Edit.DROP;
            }
            if (kind == DumpKind.ROLES) {
                Matcher create = CREATE_ROLE.matcher(line);
                if (create.matches() && !line.contains(DOLLAR_TAG)) {
                    return Edit.replace("DO " + DOLLAR_TAG + "BEGIN CREATE ROLE " + create.group(1)
                            + "; EXCEPTION WHEN duplicate_object THEN RAISE NOTICE 'role % already exists, kept', "
                            + quoteLiteral(create.group(1)) + "; END" + DOLLAR_TAG + ";");
                }
            }
            if (withoutMissingExtensions && kind == DumpKind.SCHEMA) {
                Matcher extension = CREATE_EXTENSION.matcher(line);
                if (extension.matches() && !line.contains(DOLLAR_TAG)) {
                    String name = quoteLiteral(extension.group(1).replace("\"\"", "\""));
                    return Edit.replace("DO " + DOLLAR_TAG + "BEGIN IF EXISTS (SELECT 1 FROM "
                            + "pg_catalog.pg_available_extensions WHERE name = " + name + ") THEN " + line.strip()
                            + " ELSE RAISE WARNING 'extension % is not available on this server, left out', " + name
                            + "; END IF; END" + DOLLAR_TAG + ";");
                }
            }
            return Edit.KEEP;
        };
    }

    /** psql learnt {@code \restrict} in the August 2025 minor releases (CVE-2025-8714). */
    static boolean supportsRestrict(ToolVersion psql) {
        return switch (psql.major()) {
            case 13 -> psql.minor() >= 22;
            case 14 -> psql.minor() >= 19;
            case 15 -> psql.minor() >= 14;
            case 16 -> psql.minor() >= 10;
            case 17 -> psql.minor() >= 6;
            default -> psql.major() >= 18;
        };
    }

    private static String quoteLiteral(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
