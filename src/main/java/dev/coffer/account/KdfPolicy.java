package dev.coffer.account;

import dev.coffer.crypto.KdfParams;

/** The weakest Argon2id parameters a client may choose for its password: those of DESIGN §4. */
final class KdfPolicy {

    private KdfPolicy() {}

    static void require(KdfParams kdf) throws AccountException {
        KdfParams floor = KdfParams.DEFAULT;
        if (kdf.memoryKiB() < floor.memoryKiB() || kdf.iterations() < floor.iterations()) {
            throw new AccountException("the Argon2id parameters must be at least m=" + floor.memoryKiB()
                    + " and t=" + floor.iterations());
        }
    }
}
