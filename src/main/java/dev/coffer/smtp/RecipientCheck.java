package dev.coffer.smtp;

/** The answer to {@code RCPT TO}. */
public sealed interface RecipientCheck {

    /** A local recipient: mail to this address will be stored. */
    record Accepted() implements RecipientCheck {}

    /** A hosted domain without such a user or alias: RFC 5321 §3.3 550 5.1.1. */
    record UnknownUser() implements RecipientCheck {}

    /** A domain this server does not host: relaying is refused, 554 5.7.1. */
    record RelayDenied() implements RecipientCheck {}

    /** The address could not be checked now; the client should retry later (451 4.3.0). */
    record TemporaryFailure(String reason) implements RecipientCheck {}
}
