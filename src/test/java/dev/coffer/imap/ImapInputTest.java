package dev.coffer.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Lines and literals read whatever the size of the reads beneath (the buffer grows and shrinks). */
class ImapInputTest {

    /** A stream that hands out at most {@code chunk} octets per read, like a socket. */
    private static InputStream chunked(byte[] data, int chunk) {
        return new ByteArrayInputStream(data) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, chunk));
            }
        };
    }

    @Test
    void readsSmallCommandsALargeLiteralAndSmallCommandsAgain() throws Exception {
        byte[] literal = new byte[100_000];
        Arrays.fill(literal, (byte) 'x');
        literal[0] = 'a';
        literal[literal.length - 1] = 'z';
        byte[] head = "a1 APPEND INBOX {100000}\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] tail = "\r\na2 IDLE\r\nDONE\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[head.length + literal.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(literal, 0, all, head.length, literal.length);
        System.arraycopy(tail, 0, all, head.length + literal.length, tail.length);
        ImapInput in = new ImapInput(chunked(all, 20_000));

        assertThat(new String(in.readLine(1000, 10_000).bytes(), StandardCharsets.US_ASCII))
                .isEqualTo("a1 APPEND INBOX {100000}");
        byte[] read = new byte[literal.length];
        in.readFully(read, 0, read.length);
        assertThat(read).isEqualTo(literal);
        assertThat(in.readLine(1000, 10_000).bytes()).isEmpty();
        assertThat(new String(in.readLine(1000, 10_000).bytes(), StandardCharsets.US_ASCII)).isEqualTo("a2 IDLE");
        assertThat(new String(in.readLine(1000, 10_000).bytes(), StandardCharsets.US_ASCII)).isEqualTo("DONE");
        assertThat(in.readLine(1000, 10_000)).isNull();
    }
}
