package dev.coffer.acme;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The CA could not validate these names (their DNS does not lead here yet, for instance). */
final class NamesNotValidated extends IOException {

    private final Set<String> names;

    NamesNotValidated(Set<String> names, List<String> reasons) {
        super("the CA could not validate " + String.join(", ", new TreeSet<>(names)) + ": "
                + String.join("; ", reasons));
        this.names = Set.copyOf(names);
    }

    Set<String> names() {
        return names;
    }
}
