package dev.coffer.delivery;

import dev.coffer.account.Recipient;
import dev.coffer.account.RecipientResolver;

/**
 * Maps the envelope's recipients to accounts, once more at delivery time (an account may
 * have gone since RCPT). An account reached through several addresses gets one copy.
 */
final class ResolveRecipients implements DeliveryStage {

    private final RecipientResolver resolver;

    ResolveRecipients(RecipientResolver resolver) {
        this.resolver = resolver;
    }

    @Override
    public void process(DeliveryJob job) throws DeliveryException {
        for (String address : job.recipientAddresses()) {
            if (resolver.resolve(address) instanceof Recipient.Local local) {
                local.accounts().forEach(account -> job.addAccount(account, address));
            }
        }
        if (job.accounts().isEmpty()) {
            throw DeliveryException.permanent(550, "5.1.1", "No such recipient here any more");
        }
    }
}
