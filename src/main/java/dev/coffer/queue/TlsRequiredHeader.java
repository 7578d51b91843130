package dev.coffer.queue;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * RFC 8689 §5: a message whose header says {@code TLS-Required: No} asks to be delivered
 * even when the recipient domain's MTA-STS or DANE policy cannot be met (TLS-RPT reports
 * about such failures need exactly that, RFC 8460 §5.3).
 */
final class TlsRequiredHeader {

    private static final String FIELD = "tls-required:";

    private TlsRequiredHeader() {}

    static boolean saysNo(byte[] message) {
        int start = 0;
        while (start < message.length) {
            int end = start;
            while (end < message.length && message[end] != '\n') {
                end++;
            }
            String line = new String(message, start, end - start, StandardCharsets.ISO_8859_1).strip();
            if (line.isEmpty()) {
                return false;
            }
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith(FIELD)) {
                return lower.substring(FIELD.length()).strip().equals("no");
            }
            start = end + 1;
        }
        return false;
    }
}
