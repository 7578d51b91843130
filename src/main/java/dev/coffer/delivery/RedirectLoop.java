package dev.coffer.delivery;

import dev.coffer.mailauth.HeaderSection;
import java.nio.charset.StandardCharsets;

/**
 * Marks redirected mail with a {@code Delivered-To} field naming the redirecting address,
 * as Postfix and Dovecot do, so that a message which comes back to that address is seen to
 * loop (RFC 5228 §4.2: implementations must prevent redirect loops).
 */
final class RedirectLoop {

    private static final String FIELD = "Delivered-To: ";

    private RedirectLoop() {}

    static byte[] mark(byte[] message, String address) {
        byte[] field = (FIELD + address + "\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] marked = new byte[field.length + message.length];
        System.arraycopy(field, 0, marked, 0, field.length);
        System.arraycopy(message, 0, marked, field.length, message.length);
        return marked;
    }

    /** Whether the header already has {@code Delivered-To: address} (case-insensitive). */
    static boolean seen(byte[] message, String address) {
        HeaderSection header = HeaderSection.parse(message);
        return header.fieldsNamed("Delivered-To").stream()
                .anyMatch(field -> header.value(field).strip().equalsIgnoreCase(address));
    }
}
