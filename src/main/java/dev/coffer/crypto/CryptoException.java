package dev.coffer.crypto;

/**
 * Why a cryptographic operation on an account's keys or messages could not be done. Unchecked:
 * callers translate it once, at the protocol edge, into the reply their protocol defines.
 */
public abstract sealed class CryptoException extends RuntimeException
        permits WrongPassphraseException, KeyFormatException, MessageFormatException {

    CryptoException(String message, Throwable cause) {
        super(message, cause);
    }
}
