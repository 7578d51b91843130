package dev.coffer.net;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * The bytes a client sends, buffered by us so that a session always knows how much it has
 * read ahead: nothing read before STARTTLS/STLS may survive the switch to TLS (RFC 3207 §4,
 * RFC 2595 §3.1). Replies pending in {@code replies} are flushed before every read that may
 * block, which is what makes pipelining safe (RFC 2920 §3.2, RFC 2449 §6.8): the client
 * never waits on replies we hold back.
 */
public final class ClientInput {

    /** A line without its line end; {@code tooLong} when it exceeded the limit and was discarded. */
    public record Line(byte[] bytes, boolean tooLong) {}

    /** Where {@link #readExactly} puts binary data. */
    @FunctionalInterface
    public interface ByteSink {
        void write(byte[] bytes, int offset, int count) throws IOException;
    }

    private final InputStream in;
    private final OutputStream replies;
    private final byte[] buffer = new byte[16 * 1024];
    private int position;
    private int limit;

    public ClientInput(InputStream in, OutputStream replies) {
        this.in = in;
        this.replies = replies;
    }

    /** How many bytes have been read from the connection but not yet consumed. */
    public int buffered() {
        return limit - position;
    }

    public void discardBuffered() {
        position = limit;
    }

    /**
     * Hands the already buffered bytes before the next CR or LF to {@code sink} in one call,
     * reading nothing from the connection; returns how many were handed over (0 when the
     * next buffered byte is CR or LF, or nothing is buffered).
     */
    public int drainUntilLineBreak(ByteSink sink) throws IOException {
        int from = position;
        int i = from;
        while (i < limit) {
            byte c = buffer[i];
            if (c == '\r' || c == '\n') {
                break;
            }
            i++;
        }
        int count = i - from;
        if (count > 0) {
            position = i;
            sink.write(buffer, from, count);
        }
        return count;
    }

    /** The next byte, or -1 at the end of the stream. */
    public int read() throws IOException {
        if (position == limit && !fill()) {
            return -1;
        }
        return buffer[position++] & 0xff;
    }

    /**
     * Reads one line of at most {@code maxOctets} including the CRLF; a longer line is
     * consumed to its end and reported as too long, so memory stays bounded. A bare LF also
     * ends a line. Returns null when the client closed the connection.
     */
    public Line readLine(int maxOctets) throws IOException {
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

    /** Passes exactly {@code count} bytes to {@code sink} (binary data: BDAT chunks, literals). */
    public void readExactly(long count, ByteSink sink) throws IOException {
        long remaining = count;
        while (remaining > 0) {
            if (position == limit && !fill()) {
                throw new EOFException("connection closed with " + remaining + " octets still expected");
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
