package dev.coffer.jmap;

import dev.coffer.mailbox.MailboxInfo;
import dev.coffer.mailbox.MailboxService;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Wakes an account's push channels (RFC 8620 §7) when something of the account changed:
 * mailbox events (deliveries, IMAP and JMAP changes) and the types that call
 * {@link #changed}. A channel then recomputes the states it reports; the listeners only
 * signal, since the mailbox service calls them on the committing thread.
 */
public final class PushHub implements StateChanges {

    private final MailboxService mailboxes;
    private final Map<Long, Set<Channel>> channels = new ConcurrentHashMap<>();

    public PushHub(MailboxService mailboxes) {
        this.mailboxes = mailboxes;
    }

    @Override
    public void changed(long accountId, Set<String> dataTypes) {
        channels.getOrDefault(accountId, Set.of()).forEach(Channel::signal);
    }

    /** Opens a channel for the account; close it when the client goes. */
    public Channel open(long accountId) {
        Channel channel = new Channel(accountId);
        channels.computeIfAbsent(accountId, a -> new CopyOnWriteArraySet<>()).add(channel);
        channel.subscribe();
        return channel;
    }

    /** How many channels the account has open. */
    public int openChannels(long accountId) {
        return channels.getOrDefault(accountId, Set.of()).size();
    }

    /** One client's push connection: signalled on any change to the account. */
    public final class Channel implements AutoCloseable {

        private final long accountId;
        private final Semaphore signals = new Semaphore(0);
        private final Map<Long, MailboxService.Subscription> subscriptions = new ConcurrentHashMap<>();

        private Channel(long accountId) {
            this.accountId = accountId;
        }

        /**
         * Waits until something changed or the timeout passed; also picks up mailboxes created
         * since (by IMAP, say), whose events the channel then hears too.
         */
        public boolean await(Duration timeout) throws InterruptedException {
            boolean signalled = signals.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS);
            signals.drainPermits();
            subscribe();
            return signalled;
        }

        private void signal() {
            if (signals.availablePermits() == 0) {
                signals.release();
            }
        }

        private void subscribe() {
            for (MailboxInfo mailbox : mailboxes.list(accountId)) {
                subscriptions.computeIfAbsent(mailbox.id(), id -> mailboxes.listen(id, event -> signal()));
            }
        }

        @Override
        public void close() {
            Set<Channel> open = channels.get(accountId);
            if (open != null) {
                open.remove(this);
            }
            subscriptions.values().forEach(MailboxService.Subscription::close);
            subscriptions.clear();
        }
    }
}
