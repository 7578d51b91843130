package dev.coffer.store;

/** A mailbox to create: its name and RFC 6154 special-use attribute (or null). */
public record MailboxSpec(String name, String specialUse) {}
