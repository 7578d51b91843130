package dev.coffer.jmap.standard;

import dev.coffer.jmap.JmapDataType;
import dev.coffer.store.Account;
import dev.coffer.store.ObjectChangeStore;

/** A data type whose state is the sequence number of its changes in the store (RFC 8620 §1.2, §5.2). */
public record StoredState(String name, ObjectChangeStore changes) implements JmapDataType {

    @Override
    public String state(Account account) {
        return Long.toString(changes.state(account.id(), name));
    }
}
