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

    static SqlLineFilter.Editor forTarget(DumpKind kind, int serverMajor, ToolVersion psql) {
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
