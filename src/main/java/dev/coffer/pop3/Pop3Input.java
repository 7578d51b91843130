package dev.coffer.pop3;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * The bytes a client sends, buffered by us so that the session knows how much it has read
 * ahead (RFC 2595 §4 via RFC 3207 §6: nothing sent in clear before TLS may survive STLS).
 * Pending responses are flushed before every read that may block, which keeps pipelining
 * (RFC 2449 §6.8) safe: the client never waits on responses we hold back.
 */
final class Pop3Input {

    /** A line without its line end; {@code tooLong} when it exceeded the limit and was discarded. */
    record Line(byte[] bytes, boolean tooLong) {}

    private final InputStream in;
    private final OutputStream replies;
    private final byte[] buffer = new byte[8 * 1024];
    private int position;
    private int limit;

    Pop3Input(InputStream in, OutputStream replies) {
        this.in = in;
        this.replies = replies;
    }

    /** How many bytes have been read from the connection but not yet consumed. */
    int buffered() {
        return limit - position;
    }

    void discardBuffered() {
        position = limit;
    }

    /**
     * Reads one line of at most {@code maxOctets} including the CRLF; a longer line is
     * consumed to its end and reported as too long. A bare LF also ends a line. Returns
     * null when the client closed the connection.
     */
    Line readLine(int maxOctets) throws IOException {
        byte[] line = new byte[maxOctets];
        int length = 0;
        boolean tooLong = false;
        while (true) {
            if (position == limit && !fill()) {
                return null;
            }
            int b = buffer[position++] & 0xff;
            if (b == '\n') {
                if (length > 0 && line[length - 1] == '\r') {
                    length--;
                }
                return new Line(tooLong ? new byte[0] : Arrays.copyOf(line, length), tooLong);
            }
            // this byte and the LF still to come must fit
            if (tooLong || length + 2 > maxOctets) {
                tooLong = true;
            } else {
                line[length++] = (byte) b;
            }
        }
    }

    private boolean fill() throws IOException {
        replies.flush();
        int n = in.read(buffer);
        if (n <= 0) {
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }
}
