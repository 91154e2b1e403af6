package io.supabackup.domain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackupIdTest {
    @Test
    void isTheUtcSecondOfItsTime() {
        BackupId id = BackupId.at(Instant.parse("2026-11-24T14:20:52.987Z"));
        assertThat(id.value()).isEqualTo("2026-11-24T14-20-52Z");
        assertThat(id.time()).isEqualTo(Instant.parse("2026-11-24T14:20:52Z"));
    }

    @Test
    void idsOfTheSameSecondGetSuffixesThatSortAfterTheFirst() {
        BackupId first = BackupId.at(Instant.parse("2026-11-24T14:20:52Z"));
        BackupId second = first.next();
        BackupId eleventh = second.next().next().next().next().next().next().next().next().next();
        assertThat(second.value()).isEqualTo("2026-11-24T14-20-52Z-1");
        assertThat(eleventh.value()).isEqualTo("2026-11-24T14-20-52Z-10");
        List<BackupId> ids = new ArrayList<>(List.of(eleventh, BackupId.at(Instant.parse("2026-11-24T14:20:53Z")),
                second, first));
        Collections.sort(ids);
        assertThat(ids).containsExactly(first, second, eleventh, BackupId.at(Instant.parse("2026-11-24T14:20:53Z")));
    }

    @Test
    void rejectsAnythingElse() {
        assertThatThrownBy(() -> new BackupId("latest")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BackupId("../2026-11-24T14-20-52Z")).isInstanceOf(IllegalArgumentException.class);
        assertThat(BackupId.isValid("2026-11-24T14-20-52Z")).isTrue();
        assertThat(BackupId.isValid("2026-11-24T14:20:52Z")).isFalse();
    }
}
