package dev.coffer.mailbox;

import dev.coffer.store.Account;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * An account's mailboxes and messages as mail clients see them: what IMAP, POP3 and
 * (later) JMAP use. Messages are served as stored — PGP/MIME ciphertext; appends are
 * encrypted to the account's key before they are written.
 *
 * <p>Every change advances the mailbox's MODSEQ (RFC 7162) and is announced to the
 * listeners of that mailbox after it is committed.
 */
public interface MailboxService {

    /** All mailboxes of the account, INBOX first. */
    List<MailboxInfo> list(long accountId);

    Optional<MailboxInfo> find(long accountId, String name);

    /** Creates a mailbox; {@code specialUse} is an RFC 6154 attribute such as {@code \Archive}, or null. */
    MailboxInfo create(long accountId, String name, String specialUse) throws MailboxException;

    /** RFC 9051 §6.3.6: renaming INBOX moves its messages to the new mailbox and leaves INBOX empty. */
    void rename(long accountId, String oldName, String newName) throws MailboxException;

    /** Deletes a mailbox and its messages; INBOX cannot be deleted. */
    void delete(long accountId, String name) throws MailboxException;

    void setSubscribed(long accountId, String name, boolean subscribed) throws MailboxException;

    /** Counts for STATUS and SELECT. */
    MailboxStatus status(long mailboxId) throws MailboxException;

    /** Every message of the mailbox, in UID order. */
    List<MessageInfo> messages(long mailboxId);

    /** Messages whose MODSEQ is greater than {@code modseq}, in UID order (CONDSTORE, QRESYNC). */
    List<MessageInfo> changedSince(long mailboxId, long modseq);

    /** UIDs expunged with a MODSEQ greater than {@code modseq}, ascending (QRESYNC VANISHED). */
    List<Long> expungedSince(long mailboxId, long modseq);

    /**
     * Blob ids of the messages expunged with a MODSEQ greater than {@code modseq} (JMAP
     * Email/changes); empty when some were expunged before the store kept their blob ids.
     */
    Optional<List<String>> expungedBlobIdsSince(long mailboxId, long modseq);

    /** The stored bytes of a message (the PGP/MIME message as kept on disk). */
    byte[] content(MessageInfo message) throws MailboxException;

    /**
     * The first {@code maxOctets} of the stored bytes, or all of them when the message is
     * shorter: enough for what needs only the top of a message, such as its header.
     */
    default byte[] contentPrefix(MessageInfo message, int maxOctets) throws MailboxException {
        byte[] content = content(message);
        return content.length <= maxOctets ? content : Arrays.copyOf(content, maxOctets);
    }

    /**
     * Changes the flags of the messages with these UIDs. With {@code unchangedSince}
     * (RFC 7162 §3.1.3), messages whose MODSEQ is greater are not changed and are
     * reported in {@link FlagUpdate#notModified()}.
     */
    FlagUpdate storeFlags(long mailboxId, List<Long> uids, FlagOperation operation, Set<String> flags,
                          OptionalLong unchangedSince) throws MailboxException;

    /**
     * Removes the messages flagged {@code \Deleted} — all of them, or only those among
     * {@code uids} when given (UID EXPUNGE, RFC 4315) — and returns their UIDs, ascending.
     */
    List<Long> expunge(long mailboxId, Optional<List<Long>> uids) throws MailboxException;

    /** Copies messages to another mailbox of the same account (RFC 4315 COPYUID data in the result). */
    CopyResult copy(long sourceMailboxId, List<Long> uids, long targetMailboxId) throws MailboxException;

    /** Moves messages atomically (RFC 6851): copy, then expunge from the source, in one transaction. */
    CopyResult move(long sourceMailboxId, List<Long> uids, long targetMailboxId) throws MailboxException;

    /**
     * Stores a message a client uploads (IMAP APPEND): encrypted to the account's key like
     * delivered mail, or kept as is when it is already PGP/MIME. Returns once durable.
     */
    AppendResult append(Account account, long mailboxId, byte[] message, Set<String> flags, Instant internalDate)
            throws MailboxException;

    /** RFC 9208: the storage the account uses, in octets, and its limit (empty: unlimited). */
    Quota quota(long accountId);

    /** The largest message APPEND accepts, in octets (RFC 7889 APPENDLIMIT). */
    long appendLimit();

    /** Starts telling the listener about changes to this mailbox; returns what stops it. */
    Subscription listen(long mailboxId, MailboxListener listener);

    /** Stops the notifications a {@link #listen} call started. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
