package io.supabackup.domain.port.out;

/** Asks the person at the keyboard before something destructive happens. */
@FunctionalInterface
public interface Confirmer {
    /** Shows {@code question} and returns true only on an explicit yes. */
    boolean confirm(String question);
}
