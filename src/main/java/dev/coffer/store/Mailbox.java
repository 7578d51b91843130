package dev.coffer.store;

/**
 * A mailbox of an account.
 *
 * @param specialUse the RFC 6154 attribute such as {@code \Sent}, or null
 */
public record Mailbox(
        long id, long accountId, String name, String specialUse,
        long uidValidity, long uidNext, long highestModseq, boolean subscribed) {}
