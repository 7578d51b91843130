package dev.coffer.crypto;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * An unsynchronised, growable byte buffer: {@link java.io.ByteArrayOutputStream} takes a lock
 * and checks capacity on every single byte, which the armoured OpenPGP output (written a byte
 * at a time) pays for in full.
 */
final class ByteSink extends OutputStream {

    private byte[] bytes;
    private int length;

    ByteSink(int capacity) {
        this.bytes = new byte[Math.max(16, capacity)];
    }

    @Override
    public void write(int b) {
        if (length == bytes.length) {
            grow(length + 1);
        }
        bytes[length++] = (byte) b;
    }

    @Override
    public void write(byte[] source, int offset, int count) {
        if (length + count > bytes.length) {
            grow(length + count);
        }
        System.arraycopy(source, offset, bytes, length, count);
        length += count;
    }

    byte[] toByteArray() {
        return length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
    }

    private void grow(int needed) {
        bytes = Arrays.copyOf(bytes, Math.max(needed, bytes.length * 2));
    }
}
