package dev.coffer.smtp;

import dev.coffer.net.ClientInput;
import java.io.EOFException;
import java.io.IOException;

/**
 * Reads the mail data after {@code 354}: RFC 5321 §4.1.1.4 and §4.5.2.
 * <ul>
 * <li>The data ends only at {@code CRLF . CRLF}. A bare LF or bare CR never ends a line
 *     here, so {@code LF . LF} or {@code CR . CR} cannot end the data (SMTP smuggling).</li>
 * <li>Transparency: a line that starts with a period has that period removed.</li>
 * <li>A bare LF is stored as CRLF so that the message has CRLF line endings; it does not
 *     start a new line for the two rules above.</li>
 * <li>§4.5.3.1.6: text lines are at most 1000 octets including CRLF; longer lines are
 *     noted, and the message will be refused after the data ends.</li>
 * </ul>
 */
final class DataReader {

    /** RFC 5321 §4.5.3.1.6. */
    static final int MAX_LINE_OCTETS = 1000;

    private enum State { LINE_START, DOT, DOT_CR, MIDDLE, CR }

    /** What happened besides the bytes written to the buffer. */
    record Result(boolean lineTooLong) {}

    private DataReader() {}

    static Result read(ClientInput in, MessageBuffer out) throws IOException {
        State state = State.LINE_START;
        int lineOctets = 0;
        boolean lineTooLong = false;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed inside DATA");
            }
            if (++lineOctets > MAX_LINE_OCTETS) {
                lineTooLong = true;
            }
            boolean again;
            do {
                again = false;
                switch (state) {
                    case LINE_START -> {
                        if (b == '.') {
                            state = State.DOT;
                        } else {
                            state = State.MIDDLE;
                            again = true;
                        }
                    }
                    case DOT -> {
                        // the leading period of a line is removed; ".\r" may be the end
                        if (b == '\r') {
                            state = State.DOT_CR;
                        } else {
                            state = State.MIDDLE;
                            again = true;
                        }
                    }
                    case DOT_CR -> {
                        if (b == '\n') {
                            return new Result(lineTooLong);
                        }
                        out.write('\r');
                        state = State.MIDDLE;
                        again = true;
                    }
                    case MIDDLE -> {
                        if (b == '\r') {
                            state = State.CR;
                        } else if (b == '\n') {
                            // bare LF: normalised, but not a line start
                            out.write('\r');
                            out.write('\n');
                            lineOctets = 0;
                        } else {
                            out.write(b);
                            // the rest of the line that is already buffered, in one copy: none
                            // of it is CR or LF, so the state stays MIDDLE
                            int copied = in.drainUntilLineBreak(out);
                            lineOctets += copied;
                            if (lineOctets > MAX_LINE_OCTETS) {
                                lineTooLong = true;
                            }
                        }
                    }
                    case CR -> {
                        if (b == '\n') {
                            out.write('\r');
                            out.write('\n');
                            lineOctets = 0;
                            state = State.LINE_START;
                        } else {
                            // the CR before was bare: kept as it came
                            out.write('\r');
                            state = State.MIDDLE;
                            again = true;
                        }
                    }
                }
            } while (again);
        }
    }
}
