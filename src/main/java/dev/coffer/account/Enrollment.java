package dev.coffer.account;

import dev.coffer.crypto.AccountKeyPair;
import dev.coffer.crypto.AccountKeys;
import dev.coffer.crypto.KdfParams;
import dev.coffer.crypto.KeyDerivation;
import dev.coffer.crypto.PasswordKeys;
import java.util.Base64;
import java.util.List;

/**
 * What a client prepares, from the password, before an account is created or its password
 * changed (DESIGN §4). This runs on the client side — the CLI here, the browser later: the
 * server receives only {@code authKey}, the public key and the protected secret key.
 */
public record Enrollment(
        byte[] salt, KdfParams kdf, byte[] authKey, String publicKey, String secretKey, String fingerprint) {

    /** A new account: derives the keys and generates the account's OpenPGP key. */
    public static Enrollment forNewAccount(Address address, char[] password) {
        byte[] salt = KeyDerivation.newSalt();
        PasswordKeys keys = KeyDerivation.derive(password, salt, KdfParams.DEFAULT);
        AccountKeyPair pair = AccountKeys.generate(List.of(address.toString()), keys.keyPassphrase());
        return new Enrollment(salt, KdfParams.DEFAULT, keys.authKey(), pair.publicKeyArmored(),
                pair.secretKeyArmored(), pair.fingerprint());
    }

    /** A password change: the same OpenPGP key, re-protected under the new password. */
    public static Enrollment forNewPassword(
            KdfParams oldKdf, byte[] oldSalt, String secretKey, String publicKey, String fingerprint,
            char[] oldPassword, char[] newPassword) {
        PasswordKeys oldKeys = KeyDerivation.derive(oldPassword, oldSalt, oldKdf);
        byte[] salt = KeyDerivation.newSalt();
        PasswordKeys newKeys = KeyDerivation.derive(newPassword, salt, KdfParams.DEFAULT);
        String reprotected = AccountKeys.reprotect(secretKey, oldKeys.keyPassphrase(), newKeys.keyPassphrase());
        return new Enrollment(salt, KdfParams.DEFAULT, newKeys.authKey(), publicKey, reprotected, fingerprint);
    }

    public String saltBase64() {
        return Base64.getEncoder().encodeToString(salt);
    }
}
