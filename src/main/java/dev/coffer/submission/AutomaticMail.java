package dev.coffer.submission;

import dev.coffer.account.DomainDkimKeys;
import dev.coffer.account.Recipient;
import dev.coffer.account.RecipientResolver;
import dev.coffer.delivery.DeliveryException;
import dev.coffer.delivery.DeliveryJob;
import dev.coffer.delivery.DeliveryPipeline;
import dev.coffer.delivery.OutboundMail;
import dev.coffer.mail.MessageParser;
import dev.coffer.queue.OutboundMessage;
import dev.coffer.queue.OutboundQueue;
import dev.coffer.queue.QueueException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Mail that delivery sends on by itself: Sieve redirects, vacation replies, refusal notices.
 * Local recipients get it through the local pipeline, remote ones through the queue. Our own
 * automatic replies are DKIM-signed for the domain of their From address; forwarded mail is sealed
 * instead (ARC, RFC 8617 §5.1), since its author is someone else.
 */
public final class AutomaticMail implements OutboundMail {

    private final RecipientResolver resolver;
    private final OutboundQueue queue;
    private final DomainDkimKeys dkimKeys;
    private final MessageParser parser;
    private final UnaryOperator<byte[]> sealer;
    private DeliveryPipeline localDelivery;

    /**
     * @param sealer adds an ARC set to forwarded mail; the identity function when none is configured
     */
    public AutomaticMail(RecipientResolver resolver, OutboundQueue queue, DomainDkimKeys dkimKeys,
                         MessageParser parser, UnaryOperator<byte[]> sealer) {
        this.resolver = resolver;
        this.queue = queue;
        this.dkimKeys = dkimKeys;
        this.parser = parser;
        this.sealer = sealer;
    }

    /** The local pipeline, which itself sends through this object: the two are made one after the other. */
    public void deliverLocallyThrough(DeliveryPipeline pipeline) {
        this.localDelivery = pipeline;
    }

    @Override
    public void send(String reversePath, List<String> recipients, byte[] message, boolean forwarded)
            throws DeliveryException {
        List<String> local = new ArrayList<>();
        List<String> remote = new ArrayList<>();
        for (String recipient : recipients) {
            switch (resolver.resolve(recipient)) {
                case Recipient.Local found -> local.add(recipient);
                case Recipient.NotHosted elsewhere -> remote.add(recipient);
                case Recipient.Unknown unknown -> { }
            }
        }
        byte[] outgoing = forwarded ? sealer.apply(message) : signed(message);
        if (!remote.isEmpty()) {
            try {
                queue.enqueue(new OutboundMessage(reversePath, remote, outgoing, false, null));
            } catch (QueueException e) {
                throw DeliveryException.temporary("4.3.0", "Cannot queue mail sent on", e);
            }
        }
        if (!local.isEmpty() && localDelivery != null) {
            localDelivery.deliver(new DeliveryJob(reversePath, local, outgoing));
        }
    }

    private byte[] signed(byte[] message) {
        return AuthorDomain.of(parser, message).map(domain -> dkimKeys.sign(domain, message)).orElse(message);
    }
}
