package dev.coffer.smtp;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The bytes a client sends, buffered by us so that the session always knows how much
 * it has read ahead (RFC 3207 §4: nothing read before STARTTLS may survive it). Replies
 * pending in {@code replies} are flushed before every read that may block, which is what
 * makes PIPELINING (RFC 2920 §3.2) safe: the client never waits on replies we hold back.
 */
final class SmtpInput {

    /** A command line without its line end; {@code tooLong} when it exceeded the limit and was discarded. */
    record Line(byte[] bytes, boolean tooLong) {}

    private final InputStream in;
    private final OutputStream replies;
    private final byte[] buffer = new byte[16 * 1024];
    private int position;
    private int limit;

    SmtpInput(InputStream in, OutputStream replies) {
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

    /** The next byte, or -1 at the end of the stream. */
    int read() throws IOException {
        if (position == limit && !fill()) {
            return -1;
        }
        return buffer[position++] & 0xff;
    }

    /**
     * Reads one command line. RFC 5321 §4.5.3.1.4: at most {@code maxOctets} including the
     * CRLF; a longer line is consumed to its end and reported as too long. A bare LF also
     * ends a command line (lenient, and harmless for commands; DATA is strict). Returns
     * null when the client closed the connection.
     */
    Line readCommandLine(int maxOctets) throws IOException {
        byte[] line = new byte[maxOctets];
        int length = 0;
        boolean tooLong = false;
        while (true) {
            int b = read();
            if (b < 0) {
                return null;
            }
            if (b == '\n') {
                if (length > 0 && line[length - 1] == '\r') {
                    length--;
                }
                return new Line(tooLong ? new byte[0] : java.util.Arrays.copyOf(line, length), tooLong);
            }
            // length + 1 for this byte + 1 for the LF still to come must fit
            if (tooLong || length + 2 > maxOctets) {
                tooLong = true;
            } else {
                line[length++] = (byte) b;
            }
        }
    }

    /** Passes exactly {@code count} bytes to {@code sink} (RFC 3030 chunks are binary). */
    void readExactly(long count, MessageBuffer sink) throws IOException {
        long remaining = count;
        while (remaining > 0) {
            if (position == limit && !fill()) {
                throw new EOFException("connection closed inside a BDAT chunk");
            }
            int n = (int) Math.min(remaining, limit - position);
            sink.write(buffer, position, n);
            position += n;
            remaining -= n;
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
