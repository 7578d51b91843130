package dev.coffer.delivery;

import dev.coffer.crypto.MessageEncryption;
import dev.coffer.store.Account;

/**
 * Encrypts one copy per recipient account to that account's public key (PGP/MIME with
 * header protection). Mail that arrives already PGP/MIME-encrypted is kept as it came.
 */
final class EncryptCopies implements DeliveryStage {

    private final MessageEncryption encryption;

    EncryptCopies(MessageEncryption encryption) {
        this.encryption = encryption;
    }

    @Override
    public void process(DeliveryJob job) throws DeliveryException {
        boolean alreadyEncrypted = MessageEncryption.isPgpMimeEncrypted(job.message());
        for (Account account : job.accounts()) {
            if (alreadyEncrypted) {
                job.addCopy(new DeliveryJob.Copy(account, job.message(), true));
                continue;
            }
            try {
                byte[] encrypted = encryption.encryptForStorage(job.message(), account.publicKey());
                job.addCopy(new DeliveryJob.Copy(account, encrypted, false));
            } catch (RuntimeException e) {
                throw DeliveryException.temporary("4.3.0", "Cannot encrypt for a recipient now", e);
            }
        }
    }
}
