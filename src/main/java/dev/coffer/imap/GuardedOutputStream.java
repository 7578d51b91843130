package dev.coffer.imap;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The socket's output, timed: a write that blocks longer than the limit (a client that
 * stopped reading) is noticed by the server's watchdog, which then drops the session.
 * Together with the bounded output buffer this caps what one client can make us hold.
 */
final class GuardedOutputStream extends FilterOutputStream {

    /** When the write in progress began ({@link System#nanoTime()}), or 0 when none is. */
    private volatile long writingSince;

    GuardedOutputStream(OutputStream out) {
        super(out);
    }

    long writingSince() {
        return writingSince;
    }

    @Override
    public void write(int b) throws IOException {
        begin();
        try {
            out.write(b);
        } finally {
            writingSince = 0;
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        begin();
        try {
            out.write(b, off, len);
        } finally {
            writingSince = 0;
        }
    }

    @Override
    public void flush() throws IOException {
        begin();
        try {
            out.flush();
        } finally {
            writingSince = 0;
        }
    }

    private void begin() {
        long now = System.nanoTime();
        writingSince = now == 0 ? 1 : now;
    }
}
