package dev.coffer.pop3;

import dev.coffer.mailbox.AppendResult;
import dev.coffer.mailbox.CopyResult;
import dev.coffer.mailbox.FlagOperation;
import dev.coffer.mailbox.FlagUpdate;
import dev.coffer.mailbox.MailboxException;
import dev.coffer.mailbox.MailboxInfo;
import dev.coffer.mailbox.MailboxListener;
import dev.coffer.mailbox.MailboxService;
import dev.coffer.mailbox.MailboxStatus;
import dev.coffer.mailbox.MessageInfo;
import dev.coffer.mailbox.Quota;
import dev.coffer.store.Account;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/** Only what POP3 needs of {@link MailboxService}: one INBOX per account, in memory. */
final class InMemoryMailboxes implements MailboxService {

    static final long UID_VALIDITY = 1_700_000_000L;

    private record Stored(byte[] bytes, Set<String> flags, Instant internalDate) {}

    private final Map<Long, MailboxInfo> inboxes = new HashMap<>();
    private final Map<Long, TreeMap<Long, Stored>> contents = new HashMap<>();
    private final Map<Long, Long> nextUid = new HashMap<>();
    private long nextMailboxId = 1;
    private long modseq = 1;
    /** When set, expunge fails as a broken store would. */
    volatile boolean failExpunge;

    /** Delivers a message to the account's INBOX; returns its UID. */
    synchronized long deliver(long accountId, String message) {
        MailboxInfo inbox = inbox(accountId);
        long uid = nextUid.merge(inbox.id(), 1L, Long::sum);
        contents.get(inbox.id()).put(uid, new Stored(message.getBytes(StandardCharsets.UTF_8),
                new HashSet<>(), Instant.now()));
        modseq++;
        return uid;
    }

    synchronized List<Long> uids(long accountId) {
        return List.copyOf(contents.get(inbox(accountId).id()).keySet());
    }

    synchronized Set<String> flags(long accountId, long uid) {
        return Set.copyOf(contents.get(inbox(accountId).id()).get(uid).flags());
    }

    /** Removes a message at once, as an IMAP client's EXPUNGE in another session would. */
    synchronized void removeElsewhere(long accountId, long uid) {
        contents.get(inbox(accountId).id()).remove(uid);
    }

    synchronized void addFlag(long accountId, long uid, String flag) {
        contents.get(inbox(accountId).id()).get(uid).flags().add(flag);
    }

    private MailboxInfo inbox(long accountId) {
        return inboxes.computeIfAbsent(accountId, id -> {
            MailboxInfo inbox = new MailboxInfo(nextMailboxId++, id, "INBOX", null, UID_VALIDITY, true);
            contents.put(inbox.id(), new TreeMap<>());
            nextUid.put(inbox.id(), 0L);
            return inbox;
        });
    }

    private MessageInfo info(long mailboxId, long uid, Stored stored) {
        return new MessageInfo(mailboxId, uid, modseq, stored.bytes().length, stored.internalDate(),
                Set.copyOf(stored.flags()), new MessageInfo.OuterHeaders(null, null, null, null, null, null, null),
                "blob-" + mailboxId + "-" + uid);
    }

    private TreeMap<Long, Stored> mailbox(long mailboxId) throws MailboxException {
        TreeMap<Long, Stored> messages = contents.get(mailboxId);
        if (messages == null) {
            throw new MailboxException(MailboxException.Reason.NONEXISTENT, "no mailbox " + mailboxId);
        }
        return messages;
    }

    @Override
    public synchronized List<MailboxInfo> list(long accountId) {
        return List.of(inbox(accountId));
    }

    @Override
    public synchronized Optional<MailboxInfo> find(long accountId, String name) {
        return name.equalsIgnoreCase("INBOX") ? Optional.of(inbox(accountId)) : Optional.empty();
    }

    @Override
    public synchronized List<MessageInfo> messages(long mailboxId) {
        List<MessageInfo> result = new ArrayList<>();
        contents.getOrDefault(mailboxId, new TreeMap<>()).forEach((uid, stored) -> result.add(info(mailboxId, uid, stored)));
        return result;
    }

    @Override
    public synchronized byte[] content(MessageInfo message) throws MailboxException {
        Stored stored = mailbox(message.mailboxId()).get(message.uid());
        if (stored == null) {
            throw new MailboxException(MailboxException.Reason.NONEXISTENT, "no message " + message.uid());
        }
        return stored.bytes().clone();
    }

    @Override
    public synchronized FlagUpdate storeFlags(long mailboxId, List<Long> uids, FlagOperation operation,
                                              Set<String> flags, OptionalLong unchangedSince) throws MailboxException {
        if (operation != FlagOperation.ADD || unchangedSince.isPresent()) {
            throw new UnsupportedOperationException("POP3 only adds flags");
        }
        TreeMap<Long, Stored> messages = mailbox(mailboxId);
        List<MessageInfo> changed = new ArrayList<>();
        modseq++;
        for (long uid : uids) {
            Stored stored = messages.get(uid);
            if (stored != null) {
                stored.flags().addAll(flags);
                changed.add(info(mailboxId, uid, stored));
            }
        }
        return new FlagUpdate(changed, List.of());
    }

    @Override
    public synchronized List<Long> expunge(long mailboxId, Optional<List<Long>> uids) throws MailboxException {
        if (failExpunge) {
            throw new MailboxException(MailboxException.Reason.SERVER_BUG, "the store is broken");
        }
        TreeMap<Long, Stored> messages = mailbox(mailboxId);
        List<Long> removed = new ArrayList<>();
        for (var entry : List.copyOf(messages.entrySet())) {
            boolean asked = uids.map(list -> list.contains(entry.getKey())).orElse(true);
            if (asked && entry.getValue().flags().contains("\\Deleted")) {
                messages.remove(entry.getKey());
                removed.add(entry.getKey());
            }
        }
        modseq++;
        return removed;
    }

    // Not used by POP3.

    @Override
    public MailboxInfo create(long accountId, String name, String specialUse) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void rename(long accountId, String oldName, String newName) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void delete(long accountId, String name) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void setSubscribed(long accountId, String name, boolean subscribed) {
        throw new UnsupportedOperationException();
    }

    @Override
    public MailboxStatus status(long mailboxId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<MessageInfo> changedSince(long mailboxId, long modseq) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<List<String>> expungedBlobIdsSince(long mailboxId, long modseq) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<Long> expungedSince(long mailboxId, long modseq) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CopyResult copy(long sourceMailboxId, List<Long> uids, long targetMailboxId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CopyResult move(long sourceMailboxId, List<Long> uids, long targetMailboxId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public AppendResult append(Account account, long mailboxId, byte[] message, Set<String> flags, Instant internalDate) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Quota quota(long accountId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public long appendLimit() {
        throw new UnsupportedOperationException();
    }

    @Override
    public Subscription listen(long mailboxId, MailboxListener listener) {
        throw new UnsupportedOperationException();
    }
}
