package dev.coffer.imap;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The bytes a client sends, buffered by us so that the session knows how much it has read
 * ahead (RFC 9051 §11.1 / RFC 3207 §4: nothing read before STARTTLS may survive it).
 * Only one thread reads at a time: the session, or its IDLE reader while the session waits.
 */
final class ImapInput {

    /**
     * A line without its line end; {@code overflow} counts the octets of a line beyond the limit
     * (then only its first octets are kept, enough for the tag), so callers can tell a long
     * line from an absurd one.
     */
    record Line(byte[] bytes, long overflow) {
        boolean tooLong() {
            return overflow > 0;
        }
    }

    /** What a session holds while its client sends little: commands, DONE, nothing at all in IDLE. */
    private static final int SMALL_BUFFER = 1024;
    /** What it reads with while a client sends much (literals), once a read filled the small one. */
    private static final int LARGE_BUFFER = 16 * 1024;

    private InputStream in;
    private byte[] buffer = new byte[SMALL_BUFFER];
    private int position;
    private int limit;

    ImapInput(InputStream in) {
        this.in = in;
    }

    /** Reads from a new stream (after STARTTLS or COMPRESS); nothing may be buffered. */
    void use(InputStream in) {
        this.in = in;
        position = limit = 0;
    }

    int buffered() {
        return limit - position;
    }

    void discardBuffered() {
        position = limit;
    }

    /**
     * Reads a line up to LF. At most {@code maxOctets} are kept; the rest of a longer line is
     * read and dropped until {@code giveUpAfter} octets, when the line is returned as is
     * (overflow set) without reading to its end. Returns null at the end of the stream.
     */
    Line readLine(int maxOctets, long giveUpAfter) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        byte[] prefix = null;
        long overflow = 0;
        while (true) {
            if (position == limit && !fill()) {
                return null;
            }
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            int n = position - start;
            if (overflow == 0 && line.size() + n <= maxOctets) {
                line.write(buffer, start, n);
            } else {
                if (overflow == 0) {
                    line.write(buffer, start, Math.min(n, 64));
                    prefix = Arrays.copyOf(line.toByteArray(), Math.min(line.size(), 64));
                    overflow = line.size();
                    line.reset();
                }
                overflow += n;
                if (overflow > giveUpAfter) {
                    return new Line(prefix, overflow);
                }
            }
            if (position < limit) {
                position++; // the LF
                byte[] bytes = line.toByteArray();
                int length = bytes.length;
                if (length > 0 && bytes[length - 1] == '\r') {
                    length--;
                }
                return new Line(overflow > 0 ? prefix : Arrays.copyOf(bytes, length), overflow);
            }
        }
    }

    /** Exactly {@code count} octets: a literal's content. */
    void readFully(byte[] target, int offset, int count) throws IOException {
        int done = 0;
        while (done < count) {
            if (position == limit && !fill()) {
                throw new EOFException("connection closed inside a literal");
            }
            int n = Math.min(count - done, limit - position);
            System.arraycopy(buffer, position, target, offset + done, n);
            position += n;
            done += n;
        }
    }

    /** Reads and drops {@code count} octets (a non-synchronizing literal we refuse). */
    void skip(long count) throws IOException {
        long remaining = count;
        while (remaining > 0) {
            if (position == limit && !fill()) {
                throw new EOFException("connection closed inside a literal");
            }
            int n = (int) Math.min(remaining, limit - position);
            position += n;
            remaining -= n;
        }
    }

    /**
     * Reads and drops input until the client stops sending (a read times out), the stream
     * ends, {@code maxOctets} went by, or the deadline ({@link System#nanoTime()}) passed.
     * The socket's read timeout bounds each wait.
     */
    void drain(long maxOctets, long deadline) {
        long dropped = 0;
        try {
            while (dropped < maxOctets && System.nanoTime() < deadline && fill()) {
                dropped += limit - position;
                position = limit;
            }
        } catch (IOException stopped) {
            // A timeout or a reset: either way the client is done sending.
        }
    }

    /** Reads once; only called when everything buffered was consumed. */
    private boolean fill() throws IOException {
        int n = in.read(buffer);
        if (n <= 0) {
            return false;
        }
        position = 0;
        limit = n;
        if (n == buffer.length && buffer.length < LARGE_BUFFER) {
            buffer = Arrays.copyOf(buffer, LARGE_BUFFER);
        } else if (n < SMALL_BUFFER && buffer.length > SMALL_BUFFER) {
            buffer = Arrays.copyOf(buffer, SMALL_BUFFER);
        }
        return true;
    }
}
