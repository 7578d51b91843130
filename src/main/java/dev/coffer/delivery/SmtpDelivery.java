package dev.coffer.delivery;

import dev.coffer.account.Recipient;
import dev.coffer.account.RecipientResolver;
import dev.coffer.mailauth.MessageOrigin;
import dev.coffer.smtp.DeliveryOutcome;
import dev.coffer.smtp.Envelope;
import dev.coffer.smtp.InboundMail;
import dev.coffer.smtp.RecipientCheck;
import dev.coffer.store.StoreException;
import java.net.InetAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the SMTP server calls: recipient checks at RCPT, the pipeline after DATA/BDAT. */
public final class SmtpDelivery implements InboundMail {

    private static final Logger LOG = LoggerFactory.getLogger(SmtpDelivery.class);

    private final RecipientResolver resolver;
    private final DeliveryPipeline pipeline;

    public SmtpDelivery(RecipientResolver resolver, DeliveryPipeline pipeline) {
        this.resolver = resolver;
        this.pipeline = pipeline;
    }

    @Override
    public RecipientCheck checkRecipient(String address) {
        try {
            return switch (resolver.resolve(address)) {
                case Recipient.Local local -> new RecipientCheck.Accepted();
                case Recipient.Unknown unknown -> new RecipientCheck.UnknownUser();
                case Recipient.NotHosted notHosted -> new RecipientCheck.RelayDenied();
            };
        } catch (StoreException e) {
            LOG.warn("event=recipient-check-failed error=\"{}\"", e.getMessage());
            return new RecipientCheck.TemporaryFailure("Cannot look up the recipient now");
        }
    }

    @Override
    public DeliveryOutcome deliver(Envelope envelope, InetAddress client, byte[] message) {
        MessageOrigin origin = new MessageOrigin(client, envelope.heloName(), envelope.reversePath());
        DeliveryJob job = new DeliveryJob(envelope.reversePath(), envelope.recipients(), origin, message);
        try {
            pipeline.deliver(job);
            String id = job.stored().isEmpty() ? "-" : Long.toString(job.stored().getFirst().id());
            return new DeliveryOutcome.Delivered(id);
        } catch (DeliveryException e) {
            if (e.getCause() != null) {
                LOG.warn("event=delivery-failed code={} reason=\"{}\" cause=\"{}\"",
                        e.enhancedCode(), e.getMessage(), e.getCause().toString());
            }
            return e.isTemporary()
                    ? new DeliveryOutcome.TemporaryFailure(e.enhancedCode(), e.getMessage())
                    : new DeliveryOutcome.PermanentFailure(e.replyCode(), e.enhancedCode(), e.getMessage());
        } catch (StoreException e) {
            LOG.warn("event=delivery-failed error=\"{}\"", e.getMessage());
            return new DeliveryOutcome.TemporaryFailure("4.3.0", "Local storage error, try again later");
        }
    }
}
