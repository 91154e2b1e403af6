package io.supabackup.domain.port.in;

import io.supabackup.domain.model.BackupId;
import java.util.List;

/**
 * A live project held against a backup, part by part. A {@code null} on the backup's or the live side
 * means the thing is missing there.
 */
public record CompareReport(BackupId backup, List<Row> rows, List<String> notes) {
    public CompareReport {
        rows = List.copyOf(rows);
        notes = List.copyOf(notes);
    }

    public boolean same() {
        return rows.stream().allMatch(Row::same);
    }

    public List<Row> differences() {
        return rows.stream().filter(r -> !r.same()).toList();
    }

    /**
     * One compared thing: a table (rows and content), a bucket (files and their eTags) or the users.
     *
     * @param part   database, storage or auth
     * @param name   schema.table, the bucket id, or "users"
     * @param backup the count in the backup, or null when the backup does not hold it
     * @param live   the count live, or null when it is gone
     * @param detail what differs besides the counts (content, changed files), or empty
     */
    public record Row(String part, String name, Long backup, Long live, boolean same, String detail) {
    }
}
