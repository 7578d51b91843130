package dev.coffer.mailbox;

import java.util.OptionalLong;

/** RFC 9208 STORAGE resource, in octets (IMAP reports KiB). */
public record Quota(long usedOctets, OptionalLong limitOctets) {}
