package dev.coffer.cli;

import dev.coffer.crypto.KdfParams;
import dev.coffer.crypto.KeyDerivation;
import dev.coffer.store.Account;
import java.util.Base64;

/** The passphrase of an account's secret key, derived here from the account password (DESIGN §4). */
final class AccountKeyPassphrase {

    private AccountKeyPassphrase() {}

    static char[] derive(Account account, char[] password) {
        Account.Credentials credentials = account.credentials();
        KdfParams kdf = new KdfParams(credentials.kdfMemoryKiB(), credentials.kdfIterations(),
                credentials.kdfParallelism());
        return KeyDerivation.derive(password, Base64.getDecoder().decode(credentials.kdfSalt()), kdf).keyPassphrase();
    }
}
