package dev.coffer.store;

/** Aggregates over one mailbox's messages. */
public record MailboxCounts(long messages, long unseen, long deleted, long octets) {}
