package dev.coffer.delivery;

import dev.coffer.mailbox.MessageSealer;
import dev.coffer.store.Account;

/**
 * Encrypts one copy per recipient account to that account's public key (PGP/MIME with
 * header protection). Mail that arrives already PGP/MIME-encrypted is kept as it came.
 */
final class EncryptCopies implements DeliveryStage {

    private final MessageSealer sealer;

    EncryptCopies(MessageSealer sealer) {
        this.sealer = sealer;
    }

    @Override
    public void process(DeliveryJob job) throws DeliveryException {
        for (Account account : job.accounts()) {
            try {
                MessageSealer.Sealed sealed = sealer.seal(job.message(), account.publicKey());
                job.addCopy(new DeliveryJob.Copy(account, sealed.content(), sealed.keptAsReceived()));
            } catch (RuntimeException e) {
                throw DeliveryException.temporary("4.3.0", "Cannot encrypt for a recipient now", e);
            }
        }
    }
}
