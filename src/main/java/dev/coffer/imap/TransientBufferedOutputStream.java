package dev.coffer.imap;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A buffered output stream whose buffer exists only from the first write to the next flush:
 * a session waiting for its client (in IDLE, or between commands) holds none. Thousands of
 * idle sessions would otherwise each keep a buffer they rarely use. Used by one thread at a time.
 */
final class TransientBufferedOutputStream extends OutputStream {

    private final OutputStream out;
    private final int size;
    private byte[] buffer;
    private int count;

    TransientBufferedOutputStream(OutputStream out, int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("buffer size must be positive");
        }
        this.out = out;
        this.size = size;
    }

    /** Whether a buffer is held now (for tests). */
    boolean holdsBuffer() {
        return buffer != null;
    }

    @Override
    public void write(int b) throws IOException {
        if (buffer == null) {
            buffer = new byte[size];
        } else if (count == size) {
            drain();
        }
        buffer[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (len >= size) {
            // as BufferedOutputStream: what the buffer cannot hold goes out directly
            drain();
            out.write(b, off, len);
            return;
        }
        if (buffer == null) {
            buffer = new byte[size];
        } else if (len > size - count) {
            drain();
        }
        System.arraycopy(b, off, buffer, count, len);
        count += len;
    }

    @Override
    public void flush() throws IOException {
        drain();
        buffer = null;
        out.flush();
    }

    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            out.close();
        }
    }

    private void drain() throws IOException {
        if (count > 0) {
            out.write(buffer, 0, count);
            count = 0;
        }
    }
}
