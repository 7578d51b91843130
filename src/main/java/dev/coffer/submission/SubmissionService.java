package dev.coffer.submission;

import dev.coffer.account.Address;
import dev.coffer.account.AccountException;
import dev.coffer.account.DomainDkimKeys;
import dev.coffer.account.Recipient;
import dev.coffer.account.RecipientResolver;
import dev.coffer.delivery.DeliveryException;
import dev.coffer.delivery.DeliveryJob;
import dev.coffer.delivery.DeliveryPipeline;
import dev.coffer.mail.MessageParser;
import dev.coffer.mailbox.MailboxException;
import dev.coffer.mailbox.MailboxInfo;
import dev.coffer.mailbox.MailboxService;
import dev.coffer.mailbox.SystemFlags;
import dev.coffer.queue.OutboundMessage;
import dev.coffer.queue.OutboundQueue;
import dev.coffer.queue.QueueException;
import dev.coffer.smtp.DeliveryOutcome;
import dev.coffer.smtp.Envelope;
import dev.coffer.smtp.Submission;
import dev.coffer.store.Account;
import dev.coffer.store.Store;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The send path after a client authenticated (DESIGN §2 Outbound): DKIM-sign with the
 * sender domain's keys, queue the copy for remote recipients, deliver local recipients
 * through the inbound pipeline, and keep a copy in the sender's Sent mailbox, encrypted to
 * the sender's key. The copy that goes out is always the signed submitted message.
 */
public final class SubmissionService implements Submission {

    private static final Logger LOG = LoggerFactory.getLogger(SubmissionService.class);

    private final Store store;
    private final RecipientResolver resolver;
    private final DomainDkimKeys dkimKeys;
    private final DeliveryPipeline localDelivery;
    private final OutboundQueue queue;
    private final MailboxService mailboxes;
    private final MessageParser parser;
    private final Clock clock;

    public SubmissionService(Store store, RecipientResolver resolver, DomainDkimKeys dkimKeys,
                             DeliveryPipeline localDelivery, OutboundQueue queue, MailboxService mailboxes,
                             MessageParser parser, Clock clock) {
        this.store = store;
        this.resolver = resolver;
        this.dkimKeys = dkimKeys;
        this.localDelivery = localDelivery;
        this.queue = queue;
        this.mailboxes = mailboxes;
        this.parser = parser;
        this.clock = clock;
    }

    @Override
    public boolean ownsAddress(Account account, String address) {
        return resolver.resolveExplicit(address) instanceof Recipient.Local local
                && local.accounts().stream().anyMatch(owner -> owner.id() == account.id());
    }

    @Override
    public DeliveryOutcome submit(Account account, Envelope envelope, byte[] message) {
        return send(account, envelope, message, true);
    }

    /**
     * Sends as {@link #submit} does but keeps no Sent copy: a JMAP client files the Email it sent
     * itself (RFC 8621 §7.5, onSuccessUpdateEmail), so a second copy would be a duplicate.
     */
    public DeliveryOutcome submitWithoutSentCopy(Account account, Envelope envelope, byte[] message) {
        return send(account, envelope, message, false);
    }

    private DeliveryOutcome send(Account account, Envelope envelope, byte[] message, boolean keepSentCopy) {
        List<String> local = new ArrayList<>();
        List<String> remote = new ArrayList<>();
        for (String recipient : envelope.recipients()) {
            switch (resolver.resolve(recipient)) {
                case Recipient.Local found -> local.add(recipient);
                case Recipient.NotHosted elsewhere -> remote.add(recipient);
                case Recipient.Unknown unknown -> {
                    return new DeliveryOutcome.PermanentFailure(550, "5.1.1", "No such local recipient " + recipient);
                }
            }
        }
        byte[] signed = sign(envelope.reversePath(), message);
        try {
            String id = null;
            if (!remote.isEmpty()) {
                id = queue.enqueue(new OutboundMessage(envelope.reversePath(), remote, signed,
                        envelope.requireTls() || store.accounts().requiresTls(account.id()), null));
            }
            if (!local.isEmpty()) {
                DeliveryJob job = localDelivery.deliver(new DeliveryJob(envelope.reversePath(), local, signed));
                if (id == null) {
                    id = "local-" + job.stored().getFirst().id();
                }
            }
            if (keepSentCopy) {
                keepSentCopy(account, signed);
            }
            return new DeliveryOutcome.Delivered(id);
        } catch (QueueException e) {
            LOG.warn("event=submission-queue-failed error=\"{}\"", e.getMessage());
            return new DeliveryOutcome.TemporaryFailure("4.3.0", "Cannot queue the message now, try again later");
        } catch (DeliveryException e) {
            return e.isTemporary()
                    ? new DeliveryOutcome.TemporaryFailure(e.enhancedCode(), e.getMessage())
                    : new DeliveryOutcome.PermanentFailure(e.replyCode(), e.enhancedCode(), e.getMessage());
        }
    }

    /**
     * RFC 6376 §5: sign with every active key (Ed25519 and RSA) of the author's domain — the
     * From address's, so DMARC alignment holds (RFC 7489 §3.1.1) — else the envelope sender's.
     */
    private byte[] sign(String reversePath, byte[] message) {
        return AuthorDomain.of(parser, message).or(() -> domainOf(reversePath))
                .map(domain -> dkimKeys.sign(domain, message))
                .orElse(message);
    }

    private void keepSentCopy(Account account, byte[] signed) {
        Optional<MailboxInfo> sent = mailboxes.list(account.id()).stream()
                .filter(mailbox -> "\\Sent".equals(mailbox.specialUse()))
                .findFirst();
        if (sent.isEmpty()) {
            return;
        }
        try {
            mailboxes.append(account, sent.get().id(), signed, Set.of(SystemFlags.SEEN), clock.instant());
        } catch (MailboxException e) {
            // The message went out; losing the Sent copy must not make the client send it again.
            LOG.warn("event=sent-copy-failed reason={} error=\"{}\"", e.reason(), e.getMessage());
        }
    }

    private static Optional<String> domainOf(String address) {
        try {
            return Optional.of(Address.parse(address).domain());
        } catch (AccountException e) {
            return Optional.empty();
        }
    }
}
