package dev.coffer.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The session's output buffer: writes in order, few of them, and no buffer held after a flush. */
class TransientBufferedOutputStreamTest {

    /** Records every write that reaches the socket. */
    private static final class Socket extends OutputStream {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final List<Integer> writes = new ArrayList<>();

        @Override
        public void write(int b) {
            bytes.write(b);
            writes.add(1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
            writes.add(len);
        }
    }

    @Test
    void holdsNoBufferUntilWrittenToAndNoneAfterAFlush() throws Exception {
        Socket socket = new Socket();
        TransientBufferedOutputStream out = new TransientBufferedOutputStream(socket, 16);

        assertThat(out.holdsBuffer()).isFalse();
        out.write('*');
        assertThat(out.holdsBuffer()).isTrue();
        out.flush();

        assertThat(out.holdsBuffer()).isFalse();
        assertThat(socket.bytes.toString()).isEqualTo("*");
    }

    @Test
    void collectsSmallWritesAndPassesLargeOnesStraightThroughInOrder() throws Exception {
        Socket socket = new Socket();
        TransientBufferedOutputStream out = new TransientBufferedOutputStream(socket, 16);

        out.write("* 1 FETCH ".getBytes());
        out.write("(0123456789abcdef0123)".getBytes());
        out.write("\r\n".getBytes());
        for (char c : "0123456789abcdefXY".toCharArray()) {
            out.write(c);
        }
        out.flush();

        assertThat(socket.bytes.toString()).isEqualTo("* 1 FETCH (0123456789abcdef0123)\r\n0123456789abcdefXY");
        assertThat(socket.writes).containsExactly(10, 22, 16, 4);
    }
}
