package dev.coffer.pop3;

import dev.coffer.mailbox.MessageInfo;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * The INBOX as one POP3 session sees it: a snapshot taken at login, so message numbers
 * stay fixed for the session (RFC 1939 §5) and mail delivered meanwhile appears at the
 * next login. Deletions are only marks until the UPDATE state.
 */
final class Maildrop {

    private final long mailboxId;
    private final long uidValidity;
    private final List<MessageInfo> messages;
    private final BitSet deleted = new BitSet();
    private final BitSet retrieved = new BitSet();

    /**
     * @param messages the INBOX in UID order; messages already flagged {@code \Deleted}
     *                 (by an IMAP client, awaiting EXPUNGE) are left out
     */
    Maildrop(long mailboxId, long uidValidity, List<MessageInfo> messages) {
        this.mailboxId = mailboxId;
        this.uidValidity = uidValidity;
        this.messages = messages.stream().filter(m -> !m.flags().contains("\\Deleted")).toList();
    }

    long mailboxId() {
        return mailboxId;
    }

    /** Messages in the snapshot, deleted ones included: message numbers run from 1 to this. */
    int highestNumber() {
        return messages.size();
    }

    /** RFC 1939 §5 STAT: messages not marked deleted. */
    int count() {
        return messages.size() - deleted.cardinality();
    }

    /** RFC 1939 §5 STAT: their size in octets. */
    long size() {
        long total = 0;
        for (int i = 0; i < messages.size(); i++) {
            if (!deleted.get(i)) {
                total += messages.get(i).size();
            }
        }
        return total;
    }

    /** The reason {@code number} cannot be used, or null when it names a message not marked deleted. */
    Pop3Reply problem(int number) {
        if (number < 1 || number > messages.size()) {
            return Pop3Reply.noSuchMessage(number);
        }
        if (deleted.get(number - 1)) {
            return Pop3Reply.alreadyDeleted(number);
        }
        return null;
    }

    MessageInfo message(int number) {
        return messages.get(number - 1);
    }

    boolean isDeleted(int number) {
        return deleted.get(number - 1);
    }

    /** RFC 1939 §7 UIDL: unique and stable across sessions while UIDVALIDITY holds; printable, at most 70 octets. */
    String uniqueId(int number) {
        return uidValidity + "." + message(number).uid();
    }

    void delete(int number) {
        deleted.set(number - 1);
    }

    void retrieved(int number) {
        retrieved.set(number - 1);
    }

    /** RFC 1939 §5 RSET: unmarks every message marked as deleted. */
    void reset() {
        deleted.clear();
    }

    /** UIDs of the messages marked deleted, ascending. */
    List<Long> deletedUids() {
        List<Long> uids = new ArrayList<>();
        deleted.stream().forEach(i -> uids.add(messages.get(i).uid()));
        return uids;
    }

    /** UIDs of the messages retrieved in full and not deleted, ascending: they become {@code \Seen}. */
    List<Long> retrievedUids() {
        List<Long> uids = new ArrayList<>();
        retrieved.stream()
                .filter(i -> !deleted.get(i) && !messages.get(i).flags().contains("\\Seen"))
                .forEach(i -> uids.add(messages.get(i).uid()));
        return uids;
    }
}
