package dev.coffer.delivery;

import dev.coffer.account.RecipientResolver;
import dev.coffer.mail.MessageParser;
import dev.coffer.mailbox.MessageSealer;
import dev.coffer.store.Store;
import java.util.ArrayList;
import java.util.List;

/**
 * Delivery as a sequence of stages: resolve → parse → authenticate → filter → trace →
 * Sieve → encrypt → store. Listeners (IMAP IDLE, JMAP push) are notified by the store
 * after its commit.
 */
public final class DeliveryPipeline {

    private final List<DeliveryStage> stages;

    public DeliveryPipeline(List<DeliveryStage> stages) {
        this.stages = List.copyOf(stages);
    }

    /** The standard pipeline for local delivery. */
    public static DeliveryPipeline standard(RecipientResolver resolver, MessageParser parser, MessageSealer sealer,
                                            Store store, InboundChecks checks) {
        List<DeliveryStage> stages = new ArrayList<>();
        stages.add(new ResolveRecipients(resolver));
        stages.add(new ParseMessage(parser));
        if (checks.authenticator() != null) {
            stages.add(new AuthenticateMessage(checks.authenticator(), checks.resultsHeader()));
        }
        stages.add(new FilterMessage(checks.filters()));
        stages.add(new AddReturnPath());
        stages.add(new ApplySieve(checks.sieve(), checks.outbound()));
        stages.add(new EncryptCopies(sealer));
        stages.add(new StoreCopies(store));
        return new DeliveryPipeline(stages);
    }

    /** The standard pipeline without inbound checks: everything goes to INBOX. */
    public static DeliveryPipeline standard(RecipientResolver resolver, MessageParser parser, MessageSealer sealer,
                                            Store store) {
        return standard(resolver, parser, sealer, store, InboundChecks.none());
    }

    /** Runs every stage; when this returns, the message is durably stored for every recipient. */
    public DeliveryJob deliver(DeliveryJob job) throws DeliveryException {
        for (DeliveryStage stage : stages) {
            stage.process(job);
        }
        return job;
    }
}
