package dev.coffer.mailbox;

import java.time.Instant;
import java.util.Set;

/**
 * What the server knows about a stored message without decrypting it.
 *
 * @param flags system flags as IMAP writes them ({@code \Seen}, {@code \Answered}, {@code \Flagged},
 *              {@code \Deleted}, {@code \Draft}) and keywords ({@code $Forwarded}, …)
 * @param headers the outer header fields left readable by the encryption
 */
public record MessageInfo(
        long mailboxId,
        long uid,
        long modseq,
        long size,
        Instant internalDate,
        Set<String> flags,
        OuterHeaders headers,
        String blobId) {

    /** Unfolded field bodies of the outer header; a missing field is null. */
    public record OuterHeaders(
            String from, String to, String cc, String date, String messageId, String inReplyTo, String references) {}
}
