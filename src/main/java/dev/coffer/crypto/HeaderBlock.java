package dev.coffer.crypto;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The header section of a message as byte offsets into the message, so that fields can be copied
 * or edited without touching a single other byte. Lines end at LF, with or without CR before it.
 *
 * @param fields the header fields, in order
 * @param end    where the header section ends: the start of the empty line, or the message length
 */
record HeaderBlock(List<Field> fields, int end) {

    /**
     * One header field (RFC 5322 §2.2), folded lines included.
     *
     * @param name       the field name, as written, without trailing white space
     * @param start      offset of the field's first byte
     * @param valueStart offset just after the colon
     * @param contentEnd offset of the line break that ends the field (message length if none)
     * @param end        offset just after that line break
     */
    record Field(String name, int start, int valueStart, int contentEnd, int end) {

        boolean named(String wanted) {
            return name.equalsIgnoreCase(wanted);
        }

        /** The raw value (after the colon), folding kept, without the final line break. */
        byte[] rawValue(byte[] message) {
            return Arrays.copyOfRange(message, valueStart, contentEnd);
        }

        /** The value with folding removed (RFC 5322 §2.2.3: unfolding deletes each CRLF before WSP). */
        String unfoldedValue(byte[] message) {
            StringBuilder value = new StringBuilder();
            for (int i = valueStart; i < contentEnd; i++) {
                byte b = message[i];
                if (b != '\r' && b != '\n') {
                    value.append((char) (b & 0xFF));
                }
            }
            return value.toString();
        }

        /** The line break that ends the field: CRLF, LF, or nothing at the end of the message. */
        byte[] terminator(byte[] message) {
            return Arrays.copyOfRange(message, contentEnd, end);
        }
    }

    static HeaderBlock parse(byte[] message) {
        return parse(message, 0);
    }

    static HeaderBlock parse(byte[] message, int from) {
        List<Field> fields = new ArrayList<>();
        int position = from;
        Field current = null;
        while (position < message.length) {
            int lineEnd = lineEnd(message, position);
            int contentEnd = contentEnd(message, position, lineEnd);
            if (contentEnd == position) {
                break;
            }
            if (isWhitespace(message[position])) {
                // RFC 5322 §2.2.3: a line starting with WSP continues the field before it
                if (current != null) {
                    current = new Field(current.name(), current.start(), current.valueStart(), contentEnd, lineEnd);
                }
            } else {
                if (current != null) {
                    fields.add(current);
                }
                int colon = indexOf(message, (byte) ':', position, contentEnd);
                int nameEnd = colon < 0 ? contentEnd : colon;
                String name = new String(message, position, nameEnd - position, StandardCharsets.ISO_8859_1).stripTrailing();
                current = new Field(name, position, colon < 0 ? contentEnd : colon + 1, contentEnd, lineEnd);
            }
            position = lineEnd;
        }
        if (current != null) {
            fields.add(current);
        }
        return new HeaderBlock(List.copyOf(fields), position);
    }

    Optional<Field> first(String name) {
        return fields.stream().filter(field -> field.named(name)).findFirst();
    }

    /** The line break the message itself uses, judged by its first line; CRLF if it has none. */
    static byte[] lineBreak(byte[] message) {
        int newline = indexOf(message, (byte) '\n', 0, message.length);
        if (newline > 0 && message[newline - 1] == '\r' || newline < 0) {
            return new byte[] {'\r', '\n'};
        }
        return new byte[] {'\n'};
    }

    /** Offset just after the LF that ends the line starting at {@code from}, or the message length. */
    static int lineEnd(byte[] message, int from) {
        int newline = indexOf(message, (byte) '\n', from, message.length);
        return newline < 0 ? message.length : newline + 1;
    }

    private static int contentEnd(byte[] message, int lineStart, int lineEnd) {
        int end = lineEnd;
        if (end > lineStart && message[end - 1] == '\n') {
            end--;
            if (end > lineStart && message[end - 1] == '\r') {
                end--;
            }
        }
        return end;
    }

    static boolean isWhitespace(byte b) {
        return b == ' ' || b == '\t';
    }

    static int indexOf(byte[] message, byte wanted, int from, int to) {
        for (int i = from; i < to; i++) {
            if (message[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}
