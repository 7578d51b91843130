package dev.coffer.jmap.standard;

import dev.coffer.jmap.StateChanges;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/** The push notices data types sent, for tests. */
public final class RecordingStateChanges implements StateChanges {

    public record Change(long accountId, Set<String> dataTypes) {}

    public final List<Change> changes = new CopyOnWriteArrayList<>();

    @Override
    public void changed(long accountId, Set<String> dataTypes) {
        changes.add(new Change(accountId, Set.copyOf(dataTypes)));
    }
}
