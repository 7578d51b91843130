package dev.coffer.mail;

/**
 * The top-level header fields that stay readable outside the encryption (DESIGN §2), as
 * unfolded field bodies; a field the message lacks is null.
 */
public record TopLevelHeaders(
        String from, String to, String cc, String date, String messageId, String inReplyTo, String references) {}
