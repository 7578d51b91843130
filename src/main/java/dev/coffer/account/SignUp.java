package dev.coffer.account;

import dev.coffer.crypto.KdfParams;
import dev.coffer.crypto.KeyFormatException;
import dev.coffer.crypto.UploadedKeys;
import dev.coffer.store.Account;
import dev.coffer.store.AccountStore;
import dev.coffer.store.Store;
import java.util.Base64;
import java.util.Locale;

/**
 * Sign-up through the web (DESIGN §4): the client derives everything from the password itself
 * and uploads only the salt, the Argon2 parameters, authKey, its public key, its passphrase-
 * protected secret key and, optionally, the recovery copy. Nothing else is asked: no phone
 * number, no second e-mail address. The operator decides who may sign up.
 */
public final class SignUp {

    /** Who may create an account over the web. */
    public enum Mode {
        CLOSED, INVITE, OPEN;

        public static Mode parse(String value) {
            return valueOf(value.toUpperCase(Locale.ROOT));
        }
    }

    /** The recovery phrase's salt, its authKey, and the secret key protected under its keyKey. */
    public record RecoveryCopy(byte[] salt, byte[] authKey, String secretKey) {}

    /** What the client sends. */
    public record Request(String address, String invite, byte[] salt, KdfParams kdf, byte[] authKey, String publicKey,
                          String secretKey, RecoveryCopy recovery) {}

    private final Store store;
    private final AccountService accounts;
    private final Invites invites;
    private final Mode mode;

    public SignUp(Store store, AccountService accounts, Invites invites, Mode mode) {
        this.store = store;
        this.accounts = accounts;
        this.invites = invites;
        this.mode = mode;
    }

    public Mode mode() {
        return mode;
    }

    /**
     * Creates the account.
     *
     * @throws AccountException with a message for the user: sign-up closed, a bad invite, an address
     *         that is taken or not hosted here, keys that do not fit the address, weak Argon2 parameters
     */
    public Account create(Request request) throws AccountException {
        if (mode == Mode.CLOSED) {
            throw new AccountException("sign-up is closed on this server; ask its operator for an account");
        }
        Address address = Address.parse(request.address());
        KdfParams kdf = request.kdf();
        KdfPolicy.require(kdf);
        String fingerprint;
        try {
            fingerprint = UploadedKeys.check(address.toString(), request.publicKey(), request.secretKey());
            if (request.recovery() != null) {
                UploadedKeys.checkSecretKey(request.publicKey(), request.recovery().secretKey());
            }
        } catch (KeyFormatException e) {
            throw new AccountException(e.getMessage());
        }
        if (accounts.find(address).isPresent()) {
            throw new AccountException("the address " + address + " is taken");
        }
        if (mode == Mode.INVITE && !invites.redeem(request.invite())) {
            throw new AccountException("the invite code is unknown, used or expired");
        }
        Account account = accounts.createAccount(address, new Enrollment(request.salt(), kdf, request.authKey(),
                request.publicKey(), request.secretKey(), fingerprint));
        if (request.recovery() != null) {
            RecoveryCopy recovery = request.recovery();
            store.accounts().setRecovery(account.id(), new AccountStore.Recovery(
                    Base64.getEncoder().encodeToString(recovery.salt()), Verifiers.create(recovery.authKey()),
                    recovery.secretKey()));
        }
        return account;
    }
}
