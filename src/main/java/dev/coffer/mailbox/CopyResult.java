package dev.coffer.mailbox;

import java.util.List;

/** RFC 4315 COPYUID data: the target's UIDVALIDITY and the source and new UIDs, pairwise in order. */
public record CopyResult(long targetUidValidity, List<Long> sourceUids, List<Long> targetUids) {}
