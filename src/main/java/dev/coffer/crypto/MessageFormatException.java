package dev.coffer.crypto;

/** A stored message is not in the shape {@link MessageEncryption#encryptForStorage} writes. */
public final class MessageFormatException extends CryptoException {

    public MessageFormatException(String message, Throwable cause) {
        super(message, cause);
    }

    public MessageFormatException(String message) {
        super(message, null);
    }
}
