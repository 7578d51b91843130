package dev.coffer.submission;

import dev.coffer.account.Recipient;
import dev.coffer.account.RecipientResolver;
import dev.coffer.delivery.DeliveryException;
import dev.coffer.delivery.DeliveryJob;
import dev.coffer.delivery.DeliveryPipeline;
import dev.coffer.queue.BounceSink;
import dev.coffer.queue.OutboundMessage;
import dev.coffer.queue.OutboundQueue;
import dev.coffer.queue.QueueException;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a DSN home: to a local sender through local delivery (so it is stored encrypted like
 * any mail), to a remote one through the queue with the null reverse-path, so a bounce never
 * bounces again (RFC 3464 §2, RFC 5321 §4.5.5).
 */
public final class BounceRouter implements BounceSink {

    private static final Logger LOG = LoggerFactory.getLogger(BounceRouter.class);

    private final RecipientResolver resolver;
    private final DeliveryPipeline localDelivery;
    private final OutboundQueue queue;

    public BounceRouter(RecipientResolver resolver, DeliveryPipeline localDelivery, OutboundQueue queue) {
        this.resolver = resolver;
        this.localDelivery = localDelivery;
        this.queue = queue;
    }

    @Override
    public void deliver(String recipient, byte[] dsn) throws IOException {
        try {
            switch (resolver.resolve(recipient)) {
                case Recipient.Local local -> localDelivery.deliver(new DeliveryJob("", List.of(recipient), dsn));
                case Recipient.NotHosted remote -> queue.enqueue(new OutboundMessage("", List.of(recipient), dsn, false,
                        null));
                case Recipient.Unknown unknown -> LOG.warn("event=bounce-dropped reason=sender-gone");
            }
        } catch (DeliveryException | QueueException e) {
            throw new IOException("cannot deliver a DSN now: " + e.getMessage(), e);
        }
    }
}
