package dev.coffer.mailbox;

import java.util.List;

/** A committed change to one mailbox, for IMAP IDLE/NOOP and (later) JMAP push. */
public sealed interface MailboxEvent {

    long mailboxId();

    /** New messages (delivery, APPEND, COPY, MOVE), UID order. */
    record Appended(long mailboxId, List<MessageInfo> messages) implements MailboxEvent {}

    /** Messages whose flags changed, as they are now. */
    record FlagsChanged(long mailboxId, List<MessageInfo> messages) implements MailboxEvent {}

    /** Messages removed, by UID, ascending; {@code modseq} is the mailbox MODSEQ after the removal. */
    record Expunged(long mailboxId, List<Long> uids, long modseq) implements MailboxEvent {}

    /** The mailbox was deleted or renamed away; sessions that selected it must leave it. */
    record Gone(long mailboxId) implements MailboxEvent {}
}
