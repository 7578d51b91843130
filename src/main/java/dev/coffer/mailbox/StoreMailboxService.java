package dev.coffer.mailbox;

import dev.coffer.mail.MalformedMessageException;
import dev.coffer.mail.MessageParser;
import dev.coffer.mail.TopLevelHeaders;
import dev.coffer.store.Account;
import dev.coffer.store.CopyOutcome;
import dev.coffer.store.ExpungeResult;
import dev.coffer.store.FlagChangeResult;
import dev.coffer.store.Mailbox;
import dev.coffer.store.MailboxCounts;
import dev.coffer.store.MailboxSpec;
import dev.coffer.store.NewMessage;
import dev.coffer.store.Store;
import dev.coffer.store.StoredMessage;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link MailboxService} over the {@link Store}: rows in SQL, encrypted blobs on disk. */
public final class StoreMailboxService implements MailboxService {

    private static final Logger LOG = LoggerFactory.getLogger(StoreMailboxService.class);

    private final Store store;
    private final MessageSealer sealer;
    private final MessageParser parser;
    private final long appendLimit;
    private final MailboxEvents events = new MailboxEvents();

    public StoreMailboxService(Store store, MessageSealer sealer, MessageParser parser, long appendLimit) {
        this.store = store;
        this.sealer = sealer;
        this.parser = parser;
        this.appendLimit = appendLimit;
        store.messages().addListener(this::announceAppended);
    }

    @Override
    public List<MailboxInfo> list(long accountId) {
        return store.mailboxes().list(accountId).stream()
                .sorted(Comparator.comparing((Mailbox m) -> !m.name().equals(MailboxNames.INBOX))
                        .thenComparing(Mailbox::name))
                .map(StoreMailboxService::info)
                .toList();
    }

    @Override
    public Optional<MailboxInfo> find(long accountId, String name) {
        return store.mailboxes().find(accountId, MailboxNames.normalize(name)).map(StoreMailboxService::info);
    }

    @Override
    public MailboxInfo create(long accountId, String name, String specialUse) throws MailboxException {
        String normalized = MailboxNames.normalize(name);
        MailboxNames.validate(normalized);
        if (specialUse != null && !MailboxNames.SPECIAL_USES.contains(specialUse)) {
            throw new MailboxException(MailboxException.Reason.CANNOT, "unknown special use " + specialUse);
        }
        if (find(accountId, normalized).isPresent()) {
            throw new MailboxException(MailboxException.Reason.ALREADY_EXISTS, "mailbox " + normalized + " exists");
        }
        // RFC 9051 §6.3.4: create the superior names the new one needs.
        for (String parent : MailboxNames.parents(normalized)) {
            if (find(accountId, parent).isEmpty()) {
                store.mailboxes().create(accountId, new MailboxSpec(parent, null));
            }
        }
        return info(store.mailboxes().create(accountId, new MailboxSpec(normalized, specialUse)));
    }

    @Override
    public void rename(long accountId, String oldName, String newName) throws MailboxException {
        Mailbox source = existing(accountId, oldName);
        String target = MailboxNames.normalize(newName);
        MailboxNames.validate(target);
        if (find(accountId, target).isPresent()) {
            throw new MailboxException(MailboxException.Reason.ALREADY_EXISTS, "mailbox " + target + " exists");
        }
        if (MailboxNames.isInbox(source.name())) {
            MailboxInfo created = create(accountId, target, null);
            List<Long> uids = store.messages().list(source.id()).stream().map(StoredMessage::uid).toList();
            move(source.id(), uids, created.id());
            return;
        }
        for (String parent : MailboxNames.parents(target)) {
            if (find(accountId, parent).isEmpty()) {
                store.mailboxes().create(accountId, new MailboxSpec(parent, null));
            }
        }
        store.mailboxes().rename(accountId, source.name(), target, MailboxNames.DELIMITER);
    }

    @Override
    public void delete(long accountId, String name) throws MailboxException {
        Mailbox mailbox = existing(accountId, name);
        if (MailboxNames.isInbox(mailbox.name())) {
            throw new MailboxException(MailboxException.Reason.CANNOT, "INBOX cannot be deleted");
        }
        deleteBlobs(store.mailboxes().delete(mailbox.id()));
        events.publish(new MailboxEvent.Gone(mailbox.id()));
    }

    @Override
    public void setSubscribed(long accountId, String name, boolean subscribed) throws MailboxException {
        store.mailboxes().setSubscribed(existing(accountId, name).id(), subscribed);
    }

    @Override
    public MailboxStatus status(long mailboxId) throws MailboxException {
        Mailbox mailbox = existing(mailboxId);
        MailboxCounts counts = store.messages().counts(mailboxId);
        return new MailboxStatus(counts.messages(), counts.unseen(), counts.deleted(), counts.octets(),
                mailbox.uidNext(), mailbox.uidValidity(), mailbox.highestModseq());
    }

    @Override
    public List<MessageInfo> messages(long mailboxId) {
        return infos(store.messages().list(mailboxId));
    }

    @Override
    public List<MessageInfo> changedSince(long mailboxId, long modseq) {
        return infos(store.messages().changedSince(mailboxId, modseq));
    }

    @Override
    public List<Long> expungedSince(long mailboxId, long modseq) {
        return store.messages().expungedSince(mailboxId, modseq);
    }

    @Override
    public Optional<List<String>> expungedBlobIdsSince(long mailboxId, long modseq) {
        List<String> blobIds = store.messages().expungedBlobIdsSince(mailboxId, modseq);
        return blobIds.contains(null) ? Optional.empty() : Optional.of(blobIds);
    }

    @Override
    public byte[] content(MessageInfo message) throws MailboxException {
        try {
            return store.blobs().get(message.blobId());
        } catch (NoSuchFileException e) {
            throw new MailboxException(MailboxException.Reason.NONEXISTENT, "message " + message.uid() + " was expunged");
        } catch (IOException e) {
            throw new MailboxException(MailboxException.Reason.SERVER_BUG,
                    "message " + message.uid() + " cannot be read: " + e.getMessage());
        }
    }

    @Override
    public byte[] contentPrefix(MessageInfo message, int maxOctets) throws MailboxException {
        try {
            return store.blobs().prefix(message.blobId(), maxOctets);
        } catch (NoSuchFileException e) {
            throw new MailboxException(MailboxException.Reason.NONEXISTENT, "message " + message.uid() + " was expunged");
        } catch (IOException e) {
            throw new MailboxException(MailboxException.Reason.SERVER_BUG,
                    "message " + message.uid() + " cannot be read: " + e.getMessage());
        }
    }

    @Override
    public FlagUpdate storeFlags(long mailboxId, List<Long> uids, FlagOperation operation, Set<String> flags,
                                 OptionalLong unchangedSince) throws MailboxException {
        existing(mailboxId);
        Set<String> given = SystemFlags.normalize(flags);
        FlagChangeResult result = store.messages().changeFlags(mailboxId, uids, current -> switch (operation) {
            case REPLACE -> given;
            case ADD -> union(current, given);
            case REMOVE -> difference(current, given);
        }, unchangedSince);
        if (!result.changed().isEmpty()) {
            events.publish(new MailboxEvent.FlagsChanged(mailboxId, infos(result.changed())));
        }
        return new FlagUpdate(infos(result.messages()), result.notModified());
    }

    @Override
    public List<Long> expunge(long mailboxId, Optional<List<Long>> uids) throws MailboxException {
        existing(mailboxId);
        ExpungeResult result = store.messages().expunge(mailboxId, uids.map(list -> (Collection<Long>) list));
        announceRemoval(mailboxId, result);
        return result.uids();
    }

    @Override
    public CopyResult copy(long sourceMailboxId, List<Long> uids, long targetMailboxId) throws MailboxException {
        return copyOrMove(sourceMailboxId, uids, targetMailboxId, false);
    }

    @Override
    public CopyResult move(long sourceMailboxId, List<Long> uids, long targetMailboxId) throws MailboxException {
        return copyOrMove(sourceMailboxId, uids, targetMailboxId, true);
    }

    @Override
    public AppendResult append(Account account, long mailboxId, byte[] message, Set<String> flags,
                               Instant internalDate) throws MailboxException {
        Mailbox mailbox = existing(mailboxId);
        if (mailbox.accountId() != account.id()) {
            throw new MailboxException(MailboxException.Reason.NONEXISTENT, "no such mailbox");
        }
        if (message.length > appendLimit) {
            throw new MailboxException(MailboxException.Reason.TOO_BIG,
                    "message is larger than the limit of " + appendLimit + " octets");
        }
        Quota quota = quota(account.id());
        if (quota.limitOctets().isPresent() && quota.usedOctets() + message.length > quota.limitOctets().getAsLong()) {
            throw new MailboxException(MailboxException.Reason.OVER_QUOTA, "the mailbox quota is used up");
        }
        TopLevelHeaders headers;
        try {
            headers = parser.parse(message);
        } catch (MalformedMessageException e) {
            throw new MailboxException(MailboxException.Reason.CANNOT, e.getMessage());
        }
        MessageSealer.Sealed sealed = sealer.seal(message, account.publicKey());
        String blobId;
        try {
            blobId = store.blobs().put(sealed.content());
        } catch (IOException e) {
            throw new MailboxException(MailboxException.Reason.SERVER_BUG, "cannot write the message: " + e.getMessage());
        }
        NewMessage row = new NewMessage(mailboxId, blobId, sealed.content().length, internalDate,
                SystemFlags.normalize(flags), sealed.keptAsReceived(), headers);
        try {
            StoredMessage stored = store.messages().append(List.of(row)).get().getFirst();
            return new AppendResult(mailbox.uidValidity(), stored.uid());
        } catch (ExecutionException e) {
            deleteBlobs(List.of(blobId));
            throw new MailboxException(MailboxException.Reason.SERVER_BUG,
                    "cannot commit the message: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            deleteBlobs(List.of(blobId));
            throw new MailboxException(MailboxException.Reason.SERVER_BUG, "interrupted while storing");
        }
    }

    @Override
    public Quota quota(long accountId) {
        return new Quota(store.messages().usage(accountId), store.accounts().quota(accountId));
    }

    @Override
    public long appendLimit() {
        return appendLimit;
    }

    @Override
    public Subscription listen(long mailboxId, MailboxListener listener) {
        return events.listen(mailboxId, listener);
    }

    private CopyResult copyOrMove(long sourceMailboxId, List<Long> uids, long targetMailboxId, boolean move)
            throws MailboxException {
        Mailbox source = existing(sourceMailboxId);
        Mailbox target = existing(targetMailboxId);
        if (source.accountId() != target.accountId()) {
            throw new MailboxException(MailboxException.Reason.NONEXISTENT, "no such mailbox");
        }
        CopyOutcome outcome = store.messages().copy(sourceMailboxId, uids, targetMailboxId, move);
        if (outcome.removed() != null) {
            announceRemoval(sourceMailboxId, outcome.removed());
        }
        return new CopyResult(outcome.targetUidValidity(), outcome.sourceUids(),
                outcome.created().stream().map(StoredMessage::uid).toList());
    }

    private void announceAppended(List<StoredMessage> messages) {
        Map<Long, List<StoredMessage>> byMailbox = new LinkedHashMap<>();
        for (StoredMessage message : messages) {
            byMailbox.computeIfAbsent(message.mailboxId(), id -> new ArrayList<>()).add(message);
        }
        byMailbox.forEach((mailboxId, added) -> events.publish(new MailboxEvent.Appended(mailboxId, infos(added))));
    }

    private void announceRemoval(long mailboxId, ExpungeResult result) {
        deleteBlobs(result.orphanBlobs());
        if (!result.uids().isEmpty()) {
            events.publish(new MailboxEvent.Expunged(mailboxId, result.uids(), result.modseq()));
        }
    }

    private void deleteBlobs(List<String> blobIds) {
        for (String blobId : blobIds) {
            try {
                store.blobs().delete(blobId);
            } catch (IOException e) {
                LOG.warn("event=blob-delete-failed blob={} error=\"{}\"", blobId, e.getMessage());
            }
        }
    }

    private Mailbox existing(long accountId, String name) throws MailboxException {
        return store.mailboxes().find(accountId, MailboxNames.normalize(name)).orElseThrow(() ->
                new MailboxException(MailboxException.Reason.NONEXISTENT, "no mailbox named " + name));
    }

    private Mailbox existing(long mailboxId) throws MailboxException {
        return store.mailboxes().findById(mailboxId).orElseThrow(() ->
                new MailboxException(MailboxException.Reason.NONEXISTENT, "the mailbox no longer exists"));
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> result = new HashSet<>(a);
        result.addAll(b);
        return result;
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> result = new HashSet<>(a);
        result.removeAll(b);
        return result;
    }

    private static MailboxInfo info(Mailbox mailbox) {
        return new MailboxInfo(mailbox.id(), mailbox.accountId(), mailbox.name(), mailbox.specialUse(),
                mailbox.uidValidity(), mailbox.subscribed());
    }

    private static List<MessageInfo> infos(List<StoredMessage> messages) {
        return messages.stream().map(StoreMailboxService::info).toList();
    }

    private static MessageInfo info(StoredMessage message) {
        TopLevelHeaders h = message.headers();
        return new MessageInfo(message.mailboxId(), message.uid(), message.modseq(), message.size(),
                message.internalDate(), message.flags(),
                new MessageInfo.OuterHeaders(h.from(), h.to(), h.cc(), h.date(), h.messageId(), h.inReplyTo(),
                        h.references()),
                message.blobId());
    }
}
