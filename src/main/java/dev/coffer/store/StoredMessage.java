package dev.coffer.store;

import dev.coffer.mail.TopLevelHeaders;
import java.time.Instant;
import java.util.Set;

/** A message row: where its blob is and what the server may know about it. */
public record StoredMessage(
        long id,
        long mailboxId,
        long uid,
        long modseq,
        String blobId,
        long size,
        Instant internalDate,
        Set<String> flags,
        boolean keptAsReceived,
        TopLevelHeaders headers) {

    public StoredMessage withFlags(Set<String> newFlags, long newModseq) {
        return new StoredMessage(id, mailboxId, uid, newModseq, blobId, size, internalDate, Set.copyOf(newFlags),
                keptAsReceived, headers);
    }
}
