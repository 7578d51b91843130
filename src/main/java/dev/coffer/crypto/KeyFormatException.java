package dev.coffer.crypto;

/** An armored OpenPGP key or certificate cannot be read or cannot be used for what was asked. */
public final class KeyFormatException extends CryptoException {

    public KeyFormatException(String message, Throwable cause) {
        super(message, cause);
    }

    public KeyFormatException(String message) {
        super(message, null);
    }
}
