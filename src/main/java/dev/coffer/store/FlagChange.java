package dev.coffer.store;

import java.util.Set;

/** Computes a message's new flags from its current ones. */
@FunctionalInterface
public interface FlagChange {
    Set<String> apply(Set<String> current);
}
