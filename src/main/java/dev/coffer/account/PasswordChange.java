package dev.coffer.account;

import dev.coffer.crypto.KdfParams;
import dev.coffer.crypto.KeyFormatException;
import dev.coffer.crypto.UploadedKeys;
import dev.coffer.store.Account;

/**
 * A password change (DESIGN §4): the client re-encrypts the same secret key under the keyKey
 * of the new password and uploads it with the new salt and authKey; the server swaps the
 * credentials in one update, so the account never holds a key that the stored authKey does
 * not go with. Other sessions end.
 */
public final class PasswordChange {

    private final AccountService accounts;
    private final WebSessions sessions;
    private final SecurityLog log;

    public PasswordChange(AccountService accounts, WebSessions sessions, SecurityLog log) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.log = log;
    }

    /**
     * @param keepSession the session the change was made in, which stays open
     * @throws AccountException when the current authKey is wrong or the new secret key is not the account's
     */
    public void change(Account account, byte[] currentAuthKey, byte[] salt, KdfParams kdf, byte[] authKey,
                       String secretKey, long keepSession) throws AccountException {
        if (!accounts.verifyAuthKey(account, currentAuthKey)) {
            throw new AccountException("the current password is wrong");
        }
        KdfPolicy.require(kdf);
        try {
            UploadedKeys.checkSecretKey(account.publicKey(), secretKey);
        } catch (KeyFormatException e) {
            throw new AccountException(e.getMessage());
        }
        accounts.replaceCredentials(account, new Enrollment(salt, kdf, authKey, account.publicKey(), secretKey,
                account.keyFingerprint()));
        for (var session : sessions.list(account)) {
            if (session.id() != keepSession) {
                sessions.revoke(account, session.id());
            }
        }
        log.record(account, "password-changed", "other sessions ended");
    }
}
