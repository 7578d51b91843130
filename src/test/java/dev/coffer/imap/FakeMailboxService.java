package dev.coffer.imap;

import dev.coffer.mailbox.AppendResult;
import dev.coffer.mailbox.CopyResult;
import dev.coffer.mailbox.FlagOperation;
import dev.coffer.mailbox.FlagUpdate;
import dev.coffer.mailbox.MailboxEvent;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-memory {@link MailboxService}: UIDs, one MODSEQ counter per mailbox, flags,
 * remembered expunges, and listeners told after each change — small, and correct enough
 * to specify the IMAP server against.
 */
final class FakeMailboxService implements MailboxService {

    private static final AtomicLong IDS = new AtomicLong(100);

    private final class Box {
        MailboxInfo info;
        long nextUid = 1;
        long modseq = 1;
        final TreeMap<Long, MessageInfo> messages = new TreeMap<>();
        final Map<Long, byte[]> contents = new HashMap<>();
        final TreeMap<Long, Long> expunged = new TreeMap<>(); // uid -> modseq
        final List<MailboxListener> listeners = new CopyOnWriteArrayList<>();
    }

    private final Map<Long, Box> boxes = new HashMap<>();
    private final long appendLimit;
    private volatile Quota quota = new Quota(0, OptionalLong.empty());

    FakeMailboxService(long appendLimit) {
        this.appendLimit = appendLimit;
    }

    /** Gives an account INBOX, Sent (\Sent), Drafts (\Drafts) and Trash (\Trash). */
    synchronized void addAccount(long accountId) {
        for (String[] spec : new String[][] {{"INBOX", null}, {"Sent", "\\Sent"}, {"Drafts", "\\Drafts"},
                {"Trash", "\\Trash"}}) {
            if (find(accountId, spec[0]).isEmpty()) {
                newBox(accountId, spec[0], spec[1]);
            }
        }
    }

    void setQuota(Quota quota) {
        this.quota = quota;
    }

    /** Delivers a message as the delivery pipeline would (another session's change). */
    MessageInfo deliver(long accountId, String mailbox, String message) {
        try {
            long id = find(accountId, mailbox).orElseThrow().id();
            AppendResult result = append(null, id, message.getBytes(StandardCharsets.UTF_8), Set.of(), Instant.now());
            synchronized (this) {
                return boxes.get(id).messages.get(result.uid());
            }
        } catch (MailboxException e) {
            throw new IllegalStateException(e);
        }
    }

    private Box newBox(long accountId, String name, String specialUse) {
        Box box = new Box();
        box.info = new MailboxInfo(IDS.incrementAndGet(), accountId, name, specialUse,
                1_000 + IDS.get(), true);
        boxes.put(box.info.id(), box);
        return box;
    }

    private Box box(long mailboxId) throws MailboxException {
        Box box = boxes.get(mailboxId);
        if (box == null) {
            throw new MailboxException(MailboxException.Reason.NONEXISTENT, "No such mailbox");
        }
        return box;
    }

    private Box box(long accountId, String name) throws MailboxException {
        return boxes.get(find(accountId, name)
                .orElseThrow(() -> new MailboxException(MailboxException.Reason.NONEXISTENT, "No such mailbox")).id());
    }

    private void tell(Box box, MailboxEvent event) {
        for (MailboxListener listener : box.listeners) {
            listener.changed(event);
        }
    }

    @Override
    public synchronized List<MailboxInfo> list(long accountId) {
        List<MailboxInfo> list = new ArrayList<>();
        for (Box box : boxes.values()) {
            if (box.info.accountId() == accountId) {
                list.add(box.info);
            }
        }
        list.sort((a, b) -> a.name().equals("INBOX") ? -1 : b.name().equals("INBOX") ? 1 : a.name().compareTo(b.name()));
        return list;
    }

    @Override
    public synchronized Optional<MailboxInfo> find(long accountId, String name) {
        return boxes.values().stream()
                .filter(box -> box.info.accountId() == accountId && box.info.name().equals(name))
                .map(box -> box.info)
                .findFirst();
    }

    @Override
    public synchronized MailboxInfo create(long accountId, String name, String specialUse) throws MailboxException {
        if (find(accountId, name).isPresent()) {
            throw new MailboxException(MailboxException.Reason.ALREADY_EXISTS, "Mailbox already exists");
        }
        return newBox(accountId, name, specialUse).info;
    }

    @Override
    public synchronized void rename(long accountId, String oldName, String newName) throws MailboxException {
        Box box = box(accountId, oldName);
        if (find(accountId, newName).isPresent()) {
            throw new MailboxException(MailboxException.Reason.ALREADY_EXISTS, "Mailbox already exists");
        }
        MailboxInfo i = box.info;
        box.info = new MailboxInfo(i.id(), i.accountId(), newName, i.specialUse(), i.uidValidity(), i.subscribed());
        tell(box, new MailboxEvent.Gone(i.id()));
    }

    @Override
    public synchronized void delete(long accountId, String name) throws MailboxException {
        if (name.equals("INBOX")) {
            throw new MailboxException(MailboxException.Reason.CANNOT, "INBOX cannot be deleted");
        }
        Box box = box(accountId, name);
        boxes.remove(box.info.id());
        tell(box, new MailboxEvent.Gone(box.info.id()));
    }

    @Override
    public synchronized void setSubscribed(long accountId, String name, boolean subscribed) throws MailboxException {
        Box box = box(accountId, name);
        MailboxInfo i = box.info;
        box.info = new MailboxInfo(i.id(), i.accountId(), i.name(), i.specialUse(), i.uidValidity(), subscribed);
    }

    @Override
    public synchronized MailboxStatus status(long mailboxId) throws MailboxException {
        Box box = box(mailboxId);
        long unseen = box.messages.values().stream().filter(m -> !m.flags().contains("\\Seen")).count();
        long deleted = box.messages.values().stream().filter(m -> m.flags().contains("\\Deleted")).count();
        long size = box.messages.values().stream().mapToLong(MessageInfo::size).sum();
        return new MailboxStatus(box.messages.size(), unseen, deleted, size, box.nextUid, box.info.uidValidity(),
                box.modseq);
    }

    @Override
    public synchronized List<MessageInfo> messages(long mailboxId) {
        Box box = boxes.get(mailboxId);
        return box == null ? List.of() : List.copyOf(box.messages.values());
    }

    @Override
    public synchronized List<MessageInfo> changedSince(long mailboxId, long modseq) {
        Box box = boxes.get(mailboxId);
        return box == null ? List.of() : box.messages.values().stream().filter(m -> m.modseq() > modseq).toList();
    }

    @Override
    public Optional<List<String>> expungedBlobIdsSince(long mailboxId, long modseq) {
        return Optional.empty();
    }

    @Override
    public synchronized List<Long> expungedSince(long mailboxId, long modseq) {
        Box box = boxes.get(mailboxId);
        if (box == null) {
            return List.of();
        }
        return box.expunged.entrySet().stream().filter(e -> e.getValue() > modseq).map(Map.Entry::getKey).toList();
    }

    @Override
    public synchronized byte[] content(MessageInfo message) throws MailboxException {
        byte[] content = box(message.mailboxId()).contents.get(message.uid());
        if (content == null) {
            throw new MailboxException(MailboxException.Reason.NONEXISTENT, "Message expunged");
        }
        return content;
    }

    @Override
    public synchronized FlagUpdate storeFlags(long mailboxId, List<Long> uids, FlagOperation operation,
                                              Set<String> flags, OptionalLong unchangedSince) throws MailboxException {
        Box box = box(mailboxId);
        List<MessageInfo> changed = new ArrayList<>();
        List<MessageInfo> announced = new ArrayList<>();
        List<Long> notModified = new ArrayList<>();
        for (long uid : uids) {
            MessageInfo message = box.messages.get(uid);
            if (message == null) {
                continue;
            }
            if (unchangedSince.isPresent() && message.modseq() > unchangedSince.getAsLong()) {
                notModified.add(uid);
                continue;
            }
            Set<String> next = new LinkedHashSet<>(message.flags());
            switch (operation) {
                case REPLACE -> {
                    next.clear();
                    next.addAll(flags);
                }
                case ADD -> next.addAll(flags);
                case REMOVE -> next.removeAll(flags);
            }
            if (next.equals(message.flags())) {
                changed.add(message);
                continue;
            }
            MessageInfo updated = with(message, ++box.modseq, Set.copyOf(next));
            box.messages.put(uid, updated);
            changed.add(updated);
            announced.add(updated);
        }
        if (!announced.isEmpty()) {
            tell(box, new MailboxEvent.FlagsChanged(mailboxId, List.copyOf(announced)));
        }
        return new FlagUpdate(changed, notModified);
    }

    private static MessageInfo with(MessageInfo m, long modseq, Set<String> flags) {
        return new MessageInfo(m.mailboxId(), m.uid(), modseq, m.size(), m.internalDate(), flags, m.headers(), m.blobId());
    }

    @Override
    public synchronized List<Long> expunge(long mailboxId, Optional<List<Long>> uids) throws MailboxException {
        Box box = box(mailboxId);
        List<Long> removed = new ArrayList<>();
        for (MessageInfo message : List.copyOf(box.messages.values())) {
            if (message.flags().contains("\\Deleted") && (uids.isEmpty() || uids.get().contains(message.uid()))) {
                removed.add(message.uid());
            }
        }
        remove(box, removed);
        return removed;
    }

    private void remove(Box box, List<Long> uids) {
        if (uids.isEmpty()) {
            return;
        }
        long modseq = ++box.modseq;
        for (long uid : uids) {
            box.messages.remove(uid);
            box.contents.remove(uid);
            box.expunged.put(uid, modseq);
        }
        tell(box, new MailboxEvent.Expunged(box.info.id(), List.copyOf(uids), modseq));
    }

    @Override
    public synchronized CopyResult copy(long sourceMailboxId, List<Long> uids, long targetMailboxId)
            throws MailboxException {
        Box source = box(sourceMailboxId);
        Box target = box(targetMailboxId);
        List<Long> from = new ArrayList<>();
        List<Long> to = new ArrayList<>();
        List<MessageInfo> added = new ArrayList<>();
        for (long uid : uids) {
            MessageInfo message = source.messages.get(uid);
            if (message == null) {
                continue;
            }
            long newUid = target.nextUid++;
            MessageInfo copy = new MessageInfo(targetMailboxId, newUid, ++target.modseq, message.size(),
                    message.internalDate(), message.flags(), message.headers(), message.blobId());
            target.messages.put(newUid, copy);
            target.contents.put(newUid, source.contents.get(uid));
            from.add(uid);
            to.add(newUid);
            added.add(copy);
        }
        if (!added.isEmpty()) {
            tell(target, new MailboxEvent.Appended(targetMailboxId, List.copyOf(added)));
        }
        return new CopyResult(target.info.uidValidity(), from, to);
    }

    @Override
    public synchronized CopyResult move(long sourceMailboxId, List<Long> uids, long targetMailboxId)
            throws MailboxException {
        CopyResult result = copy(sourceMailboxId, uids, targetMailboxId);
        remove(box(sourceMailboxId), result.sourceUids());
        return result;
    }

    @Override
    public AppendResult append(Account account, long mailboxId, byte[] message, Set<String> flags, Instant internalDate)
            throws MailboxException {
        if (message.length > appendLimit) {
            throw new MailboxException(MailboxException.Reason.TOO_BIG, "Message too big");
        }
        MimeEntity parsed = MimeEntity.parse(message);
        MessageInfo.OuterHeaders headers = new MessageInfo.OuterHeaders(parsed.field("From"), parsed.field("To"),
                parsed.field("Cc"), parsed.field("Date"), parsed.field("Message-ID"), parsed.field("In-Reply-To"),
                parsed.field("References"));
        synchronized (this) {
            Box box = box(mailboxId);
            long uid = box.nextUid++;
            MessageInfo info = new MessageInfo(mailboxId, uid, ++box.modseq, message.length, internalDate,
                    Set.copyOf(flags), headers, "blob-" + mailboxId + "-" + uid);
            box.messages.put(uid, info);
            box.contents.put(uid, message.clone());
            tell(box, new MailboxEvent.Appended(mailboxId, List.of(info)));
            return new AppendResult(box.info.uidValidity(), uid);
        }
    }

    @Override
    public Quota quota(long accountId) {
        return quota;
    }

    @Override
    public long appendLimit() {
        return appendLimit;
    }

    @Override
    public synchronized Subscription listen(long mailboxId, MailboxListener listener) {
        Box box = boxes.get(mailboxId);
        if (box == null) {
            return () -> {};
        }
        box.listeners.add(listener);
        return () -> box.listeners.remove(listener);
    }
}
