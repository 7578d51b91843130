package dev.coffer.mailbox;

/**
 * A mailbox.
 *
 * @param specialUse RFC 6154 attribute ({@code \Sent}, {@code \Drafts}, …) or null
 */
public record MailboxInfo(
        long id, long accountId, String name, String specialUse, long uidValidity, boolean subscribed) {}
