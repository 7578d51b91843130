package dev.coffer.delivery;

import dev.coffer.mailbox.MessageSealer;
import java.util.HashMap;
import java.util.Map;

/**
 * Encrypts one copy per recipient account to that account's public key (PGP/MIME with
 * header protection); an account whose Sieve script files the message twice gets the same
 * ciphertext twice. Mail that arrives already PGP/MIME-encrypted is kept as it came.
 */
final class EncryptCopies implements DeliveryStage {

    private final MessageSealer sealer;

    EncryptCopies(MessageSealer sealer) {
        this.sealer = sealer;
    }

    @Override
    public void process(DeliveryJob job) throws DeliveryException {
        Map<Long, MessageSealer.Sealed> sealedFor = new HashMap<>();
        for (DeliveryJob.Placement placement : job.placements()) {
            MessageSealer.Sealed sealed = sealedFor.get(placement.account().id());
            if (sealed == null) {
                try {
                    sealed = sealer.seal(job.message(), placement.account().publicKey());
                } catch (RuntimeException e) {
                    throw DeliveryException.temporary("4.3.0", "Cannot encrypt for a recipient now", e);
                }
                sealedFor.put(placement.account().id(), sealed);
            }
            job.addCopy(new DeliveryJob.Copy(placement, sealed.content(), sealed.keptAsReceived()));
        }
    }
}
