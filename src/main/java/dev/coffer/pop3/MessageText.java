package dev.coffer.pop3;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A stored message as a POP3 multi-line response body (RFC 1939 §3): lines end in CRLF,
 * lines that begin with the termination octet are byte-stuffed, and a lone dot ends it.
 * The bytes are otherwise sent as stored (for Coffer: PGP/MIME ciphertext).
 */
final class MessageText {

    private MessageText() {}

    /** RETR: the whole message. */
    static void writeAll(byte[] message, OutputStream out) throws IOException {
        write(message, message.length, out);
    }

    /**
     * TOP (RFC 1939 §7): the header, the blank line after it, and the first {@code bodyLines}
     * lines of the body. A message without a blank line is all header.
     */
    static void writeTop(byte[] message, int bodyLines, OutputStream out) throws IOException {
        write(message, topLength(message, bodyLines), out);
    }

    /** How many leading octets of {@code message} TOP sends. */
    static int topLength(byte[] message, int bodyLines) {
        int start = 0;
        boolean inBody = false;
        int remaining = bodyLines;
        while (start < message.length) {
            int end = lineEnd(message, start);
            boolean empty = end == start || end == start + 1 && message[start] == '\r';
            int next = Math.min(message.length, end + 1);
            if (inBody) {
                if (remaining == 0) {
                    return start;
                }
                remaining--;
            } else if (empty) {
                inBody = true;
            }
            start = next;
        }
        return message.length;
    }

    private static void write(byte[] message, int length, OutputStream out) throws IOException {
        int start = 0;
        while (start < length) {
            int end = Math.min(lineEnd(message, start), length);
            int contentEnd = end > start && message[end - 1] == '\r' ? end - 1 : end;
            if (message[start] == '.') {
                // RFC 1939 §3: byte-stuff lines that begin with the termination octet
                out.write('.');
            }
            out.write(message, start, contentEnd - start);
            // bare LF and a missing final line end both become CRLF
            out.write('\r');
            out.write('\n');
            start = end + 1;
        }
        out.write(new byte[] {'.', '\r', '\n'});
    }

    /** The index of the LF ending the line that starts at {@code start}, or the length when there is none. */
    private static int lineEnd(byte[] message, int start) {
        for (int i = start; i < message.length; i++) {
            if (message[i] == '\n') {
                return i;
            }
        }
        return message.length;
    }
}
