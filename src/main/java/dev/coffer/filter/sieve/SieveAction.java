package dev.coffer.filter.sieve;

import java.util.Set;

/** One action a Sieve script took (RFC 5228 §4, RFC 5230, RFC 5232). */
public sealed interface SieveAction {

    /** File into the default mailbox (INBOX, or Junk for spam) with these IMAP flags. */
    record Keep(Set<String> flags) implements SieveAction {}

    /** File into the named mailbox (created first when {@code create}, RFC 5490 :create), with these flags. */
    record FileInto(String mailbox, Set<String> flags, boolean create) implements SieveAction {}

    /** Drop the message silently for this recipient. */
    record Discard() implements SieveAction {}

    /** Refuse the message for this recipient with this reason (RFC 5429). */
    record Reject(String reason) implements SieveAction {}

    /** Send the message on to another address. */
    record Redirect(String address) implements SieveAction {}

    /**
     * Send an automatic reply (RFC 5230): the complete reply message, ready to send from the
     * null reverse-path to {@code to}. The evaluator has already applied :days and the
     * "never reply to lists or bots" rules (RFC 5230 §4.5).
     */
    record Vacation(String to, byte[] reply) implements SieveAction {}
}
