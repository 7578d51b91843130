package dev.coffer.delivery;

import dev.coffer.account.RecipientResolver;
import dev.coffer.mailbox.MessageSealer;
import dev.coffer.mail.MessageParser;
import dev.coffer.store.Store;
import java.util.List;

/**
 * Delivery as a sequence of stages: resolve → parse → (verify, filter: later) → trace →
 * encrypt → store. Listeners (IMAP IDLE, JMAP push) are notified by the store after its commit.
 */
public final class DeliveryPipeline {

    private final List<DeliveryStage> stages;

    public DeliveryPipeline(List<DeliveryStage> stages) {
        this.stages = List.copyOf(stages);
    }

    /** The standard pipeline for local delivery. */
    public static DeliveryPipeline standard(
            RecipientResolver resolver, MessageParser parser, MessageSealer sealer, Store store) {
        return new DeliveryPipeline(List.of(
                new ResolveRecipients(resolver),
                new ParseMessage(parser),
                new AddReturnPath(),
                new EncryptCopies(sealer),
                new StoreCopies(store)));
    }

    /** Runs every stage; when this returns, the message is durably stored for every recipient. */
    public DeliveryJob deliver(DeliveryJob job) throws DeliveryException {
        for (DeliveryStage stage : stages) {
            stage.process(job);
        }
        return job;
    }
}
