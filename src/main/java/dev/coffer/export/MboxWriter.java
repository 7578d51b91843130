package dev.coffer.export;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Writes messages in mboxrd format: each message starts with a {@code From } separator
 * line, body lines that start with any number of {@code >} followed by {@code From } get
 * one more {@code >}, and line ends are LF as Unix mail readers expect.
 */
public final class MboxWriter {

    // asctime(3) form used by the mbox "From " line, e.g. "Sat Nov 28 15:27:47 2026".
    private static final DateTimeFormatter ASCTIME =
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final OutputStream out;

    public MboxWriter(OutputStream out) {
        this.out = out;
    }

    public void write(String envelopeSender, Instant received, byte[] message) throws IOException {
        String sender = envelopeSender == null || envelopeSender.isBlank() ? "MAILER-DAEMON" : envelopeSender;
        out.write(("From " + sender + " " + ASCTIME.format(received) + "\n").getBytes(StandardCharsets.US_ASCII));
        int start = 0;
        while (start < message.length) {
            int end = indexOf(message, (byte) '\n', start);
            int lineEnd = end < 0 ? message.length : end;
            int contentEnd = lineEnd > start && message[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
            if (isQuotedFrom(message, start, contentEnd)) {
                out.write('>');
            }
            out.write(message, start, contentEnd - start);
            out.write('\n');
            start = end < 0 ? message.length : end + 1;
        }
        out.write('\n');
    }

    /** A line of the form {@code >*From }. */
    static boolean isQuotedFrom(byte[] bytes, int start, int end) {
        int i = start;
        while (i < end && bytes[i] == '>') {
            i++;
        }
        byte[] from = {'F', 'r', 'o', 'm', ' '};
        if (end - i < from.length) {
            return false;
        }
        for (int k = 0; k < from.length; k++) {
            if (bytes[i + k] != from[k]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] bytes, byte value, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == value) {
                return i;
            }
        }
        return -1;
    }
}
