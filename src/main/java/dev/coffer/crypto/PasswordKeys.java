package dev.coffer.crypto;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * The two keys derived from an account password.
 *
 * @param authKey sent to the server to log in; the server stores only a hash of it
 * @param keyKey  never leaves the client; unlocks the account's OpenPGP secret key
 */
public record PasswordKeys(byte[] authKey, byte[] keyKey) {

    /**
     * The passphrase that protects the account's OpenPGP secret key: the standard, padded Base64
     * encoding (RFC 4648 §4) of {@code keyKey}, 44 characters. The browser (OpenPGP.js), the CLI and
     * the bridge derive it the same way, so any of them can unlock the key the server stores.
     */
    public char[] keyPassphrase() {
        byte[] encoded = Base64.getEncoder().encode(keyKey);
        CharBuffer chars = StandardCharsets.US_ASCII.decode(ByteBuffer.wrap(encoded));
        char[] passphrase = new char[chars.remaining()];
        chars.get(passphrase);
        Arrays.fill(encoded, (byte) 0);
        Arrays.fill(chars.array(), '\0');
        return passphrase;
    }

    /** Overwrites both keys with zeros once they are no longer needed. */
    public void wipe() {
        Arrays.fill(authKey, (byte) 0);
        Arrays.fill(keyKey, (byte) 0);
    }
}
