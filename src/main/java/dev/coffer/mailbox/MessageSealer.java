package dev.coffer.mailbox;

import dev.coffer.crypto.MessageEncryption;

/**
 * Turns a plaintext message into what may be stored: PGP/MIME encrypted to the owner's
 * key, or — when it already is PGP/MIME — the message as it came. Used by delivery and by
 * APPEND, so no path writes a client's plaintext to disk.
 */
public final class MessageSealer {

    /** What to store, and whether it is the message exactly as received. */
    public record Sealed(byte[] content, boolean keptAsReceived) {}

    private final MessageEncryption encryption;

    public MessageSealer(MessageEncryption encryption) {
        this.encryption = encryption;
    }

    public Sealed seal(byte[] message, String ownerPublicKey) {
        if (MessageEncryption.isPgpMimeEncrypted(message)) {
            return new Sealed(message, true);
        }
        return new Sealed(encryption.encryptForStorage(message, ownerPublicKey), false);
    }
}
