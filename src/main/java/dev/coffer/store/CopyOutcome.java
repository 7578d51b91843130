package dev.coffer.store;

import java.util.List;

/**
 * @param created  the new messages in the target, in source UID order
 * @param removed  for a move, what was removed from the source; null for a copy
 */
public record CopyOutcome(
        long targetUidValidity, List<Long> sourceUids, List<StoredMessage> created, ExpungeResult removed) {}
