package dev.coffer.imap;

import dev.coffer.mailbox.MailboxInfo;
import dev.coffer.mailbox.MailboxService;
import dev.coffer.mailbox.MessageInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * One session's view of its selected mailbox (RFC 9051 §2.3.1.2): the messages in
 * sequence-number order as this client was last told. It changes only when the session
 * announces a change — EXISTS, EXPUNGE/VANISHED, FETCH — so sequence numbers stay in step
 * with the client whatever other sessions do meanwhile.
 */
public final class SelectedMailbox {

    private final MailboxInfo info;
    private final boolean readOnly;
    private final List<MessageInfo> messages;
    private final MailboxService.Subscription subscription;
    long highestModseq;

    public SelectedMailbox(MailboxInfo info, boolean readOnly, List<MessageInfo> messages, long highestModseq,
                    MailboxService.Subscription subscription) {
        this.info = info;
        this.readOnly = readOnly;
        this.messages = new ArrayList<>(messages);
        this.highestModseq = highestModseq;
        this.subscription = subscription;
    }

    public MailboxInfo info() {
        return info;
    }

    /** Whether it was opened with EXAMINE (RFC 9051 §6.3.3). */
    public boolean readOnly() {
        return readOnly;
    }

    public int size() {
        return messages.size();
    }

    /** The message with sequence number {@code index + 1}. */
    public MessageInfo get(int index) {
        return messages.get(index);
    }

    public long largestUid() {
        return messages.isEmpty() ? 0 : messages.getLast().uid();
    }

    /** The index of this UID, or a negative number when it is not in the view. */
    public int indexOf(long uid) {
        int low = 0;
        int high = messages.size() - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            long value = messages.get(middle).uid();
            if (value < uid) {
                low = middle + 1;
            } else if (value > uid) {
                high = middle - 1;
            } else {
                return middle;
            }
        }
        return -1;
    }

    public void set(int index, MessageInfo message) {
        messages.set(index, message);
        highestModseq = Math.max(highestModseq, message.modseq());
    }

    void add(MessageInfo message) {
        messages.add(message);
        highestModseq = Math.max(highestModseq, message.modseq());
    }

    void remove(int index) {
        messages.remove(index);
    }

    /**
     * The indexes a set names, ascending. For sequence numbers {@code *} is the last message;
     * for UIDs it is the largest UID (RFC 9051 §6.4.8: {@code n:*} matches it even if n is larger).
     */
    public List<Integer> resolve(SequenceSet set, boolean uid, List<Long> savedUids) {
        List<Integer> indexes = new ArrayList<>();
        if (set.saved()) {
            for (long saved : savedUids) {
                int index = indexOf(saved);
                if (index >= 0) {
                    indexes.add(index);
                }
            }
            indexes.sort(null);
            return indexes;
        }
        if (messages.isEmpty()) {
            return indexes;
        }
        if (uid) {
            long largest = largestUid();
            for (int i = 0; i < messages.size(); i++) {
                if (set.contains(messages.get(i).uid(), largest)) {
                    indexes.add(i);
                }
            }
        } else {
            int size = messages.size();
            for (SequenceSet.Range range : set.ranges()) {
                long a = range.from() == SequenceSet.STAR ? size : range.from();
                long b = range.to() == SequenceSet.STAR ? size : range.to();
                for (long n = Math.min(a, b); n <= Math.min(Math.max(a, b), size); n++) {
                    indexes.add((int) n - 1);
                }
            }
            indexes = new ArrayList<>(new java.util.TreeSet<>(indexes));
        }
        return indexes;
    }

    void close() {
        subscription.close();
    }
}
