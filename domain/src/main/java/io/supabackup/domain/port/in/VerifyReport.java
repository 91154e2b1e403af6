package io.supabackup.domain.port.in;

import io.supabackup.domain.model.BackupId;
import java.util.List;
import java.util.Objects;

/** What a verification found, backup by backup and component by component. */
public record VerifyReport(boolean quick, List<BackupCheck> backups, List<BackupId> incomplete) {
    public VerifyReport {
        backups = List.copyOf(backups);
        incomplete = List.copyOf(incomplete);
    }

    /** True when every backup checked passed; incomplete backups are not checked and do not count. */
    public boolean ok() {
        return backups.stream().allMatch(BackupCheck::ok);
    }

    /** Every failure, each naming its backup and file. */
    public List<String> failures() {
        return backups.stream().flatMap(b -> b.failures().stream().map(f -> b.id() + ": " + f)).toList();
    }

    /**
     * One backup.
     *
     * @param problem why the backup could not be checked at all (incomplete, manifest unreadable), or null
     */
    public record BackupCheck(BackupId id, List<ComponentCheck> components, String problem) {
        public BackupCheck {
            Objects.requireNonNull(id, "id");
            components = List.copyOf(components);
        }

        public boolean ok() {
            return problem == null && components.stream().allMatch(ComponentCheck::ok);
        }

        public List<String> failures() {
            if (problem != null) {
                return List.of(problem);
            }
            return components.stream().flatMap(c -> c.failures().stream()).toList();
        }
    }

    /**
     * One part of a backup (database, tables, storage, auth): how many files and bytes were checked; for the
     * restore drill ({@code drill}), how many tables and rows were restored and compared.
     *
     * @param notes what a person should know that is no failure (a drill's target, an extension it lacked)
     */
    public record ComponentCheck(String component, long files, long bytes, List<String> failures, List<String> notes) {
        public ComponentCheck {
            failures = List.copyOf(failures);
            notes = List.copyOf(notes);
        }

        public ComponentCheck(String component, long files, long bytes, List<String> failures) {
            this(component, files, bytes, failures, List.of());
        }

        public boolean ok() {
            return failures.isEmpty();
        }
    }
}
