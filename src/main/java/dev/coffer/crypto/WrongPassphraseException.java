package dev.coffer.crypto;

/** The passphrase given does not decrypt the OpenPGP secret key (its checksum does not match). */
public final class WrongPassphraseException extends CryptoException {

    public WrongPassphraseException(Throwable cause) {
        super("the password does not unlock this key", cause);
    }
}
