package dev.coffer.mailbox;

/**
 * The numbers STATUS and SELECT report.
 *
 * @param unseen   messages without {@code \Seen}
 * @param deleted  messages with {@code \Deleted}
 * @param size     total octets of all messages (RFC 8438 STATUS=SIZE)
 */
public record MailboxStatus(
        long messages, long unseen, long deleted, long size, long uidNext, long uidValidity, long highestModseq) {}
