package dev.coffer.mailbox;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** In-process fan-out of mailbox changes to the sessions listening on each mailbox. */
final class MailboxEvents {

    private static final Logger LOG = LoggerFactory.getLogger(MailboxEvents.class);

    private final ConcurrentHashMap<Long, List<MailboxListener>> listeners = new ConcurrentHashMap<>();

    MailboxService.Subscription listen(long mailboxId, MailboxListener listener) {
        listeners.computeIfAbsent(mailboxId, id -> new CopyOnWriteArrayList<>()).add(listener);
        return () -> listeners.computeIfPresent(mailboxId, (id, list) -> {
            list.remove(listener);
            return list.isEmpty() ? null : list;
        });
    }

    void publish(MailboxEvent event) {
        List<MailboxListener> targets = listeners.get(event.mailboxId());
        if (targets == null) {
            return;
        }
        for (MailboxListener listener : targets) {
            try {
                listener.changed(event);
            } catch (RuntimeException e) {
                LOG.warn("event=mailbox-listener-failed error=\"{}\"", e.toString());
            }
        }
    }
}
