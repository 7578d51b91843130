package dev.coffer.smtp;

import dev.coffer.net.ClientInput;
import java.util.Arrays;

/**
 * The message being received, held in memory up to the size limit and never beyond:
 * once more arrives than the limit allows, the bytes are dropped and only counted, so
 * the session can consume the rest and answer {@code 552 5.3.4} (RFC 1870 §6.3).
 */
final class MessageBuffer implements ClientInput.ByteSink {

    private final int limit;
    private byte[] bytes = new byte[8 * 1024];
    private int length;
    private long received;

    MessageBuffer(int limit) {
        this.limit = limit;
    }

    void write(int b) {
        received++;
        if (received > limit) {
            bytes = null;
            return;
        }
        ensure(length + 1);
        bytes[length++] = (byte) b;
    }

    @Override
    public void write(byte[] source, int offset, int count) {
        received += count;
        if (received > limit) {
            bytes = null;
            return;
        }
        ensure(length + count);
        System.arraycopy(source, offset, bytes, length, count);
        length += count;
    }

    boolean overflowed() {
        return received > limit;
    }

    long received() {
        return received;
    }

    byte[] toByteArray() {
        if (overflowed()) {
            throw new IllegalStateException("message exceeded the size limit");
        }
        return Arrays.copyOf(bytes, length);
    }

    private void ensure(int needed) {
        if (needed > bytes.length) {
            // grow, but never past the limit
            bytes = Arrays.copyOf(bytes, (int) Math.min(limit, Math.max(needed, 2L * bytes.length)));
        }
    }
}
