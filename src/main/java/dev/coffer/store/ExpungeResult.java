package dev.coffer.store;

import java.util.List;

/**
 * @param uids        the UIDs removed, ascending
 * @param modseq      the mailbox MODSEQ recorded for the removal
 * @param orphanBlobs blobs no message refers to any more, to delete after the commit
 */
public record ExpungeResult(List<Long> uids, long modseq, List<String> orphanBlobs) {}
