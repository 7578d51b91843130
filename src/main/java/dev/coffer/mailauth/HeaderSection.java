package dev.coffer.mailauth;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The top-level header fields of a message with their exact byte positions, so that a field can
 * be read (unfolded) or cut out while every other byte stays as it was. Lines may end in CRLF or
 * in a bare LF; the header ends at the first empty line (RFC 5322 §2.1).
 */
public final class HeaderSection {

    /** At most this many fields are read; a longer header is cut there (a bound on hostile input). */
    public static final int MAX_FIELDS = 10_000;

    private final byte[] message;
    private final List<Field> fields;

    private HeaderSection(byte[] message, List<Field> fields) {
        this.message = message;
        this.fields = List.copyOf(fields);
    }

    /**
     * One header field.
     *
     * @param name  the field name as written, without surrounding whitespace
     * @param start the offset of its first byte
     * @param end   the offset just past its final line terminator
     */
    public record Field(String name, int start, int end) {
        public boolean hasName(String other) {
            return name.equalsIgnoreCase(other);
        }
    }

    public static HeaderSection parse(byte[] message) {
        List<Field> fields = new ArrayList<>();
        int pos = 0;
        int fieldStart = -1;
        String fieldName = null;
        while (pos < message.length && fields.size() < MAX_FIELDS) {
            int lineEnd = lineEnd(message, pos);
            int next = nextLine(message, lineEnd);
            if (lineEnd == pos) {
                break; // the empty line before the body
            }
            byte first = message[pos];
            boolean continuation = first == ' ' || first == '\t';
            if (!continuation || fieldName == null) {
                if (fieldName != null) {
                    fields.add(new Field(fieldName, fieldStart, pos));
                }
                fieldStart = pos;
                fieldName = name(message, pos, lineEnd);
            }
            pos = next;
        }
        if (fieldName != null && fields.size() < MAX_FIELDS) {
            fields.add(new Field(fieldName, fieldStart, pos));
        }
        return new HeaderSection(message, fields);
    }

    public List<Field> fields() {
        return fields;
    }

    public List<Field> fieldsNamed(String name) {
        return fields.stream().filter(field -> field.hasName(name)).toList();
    }

    /**
     * The field's body after the colon, unfolded (RFC 5322 §2.2.3: the CRLF before WSP removed),
     * decoded with {@code charset}; UTF-8 suits RFC 6532 headers, ISO-8859-1 keeps every octet.
     */
    public String value(Field field, Charset charset) {
        String raw = new String(message, field.start(), field.end() - field.start(), charset);
        int colon = raw.indexOf(':');
        String body = colon < 0 ? "" : raw.substring(colon + 1);
        return body.replace("\r\n", "").replace("\n", "").replace("\r", "");
    }

    public String value(Field field) {
        return value(field, StandardCharsets.UTF_8);
    }

    /** The message with the given fields cut out, every other byte unchanged. */
    public byte[] without(List<Field> removed) {
        if (removed.isEmpty()) {
            return message.clone();
        }
        int size = message.length;
        for (Field field : removed) {
            size -= field.end() - field.start();
        }
        byte[] out = new byte[size];
        int written = 0;
        int copied = 0;
        for (Field field : fields) {
            if (!removed.contains(field)) {
                continue;
            }
            System.arraycopy(message, copied, out, written, field.start() - copied);
            written += field.start() - copied;
            copied = field.end();
        }
        System.arraycopy(message, copied, out, written, message.length - copied);
        return out;
    }

    private static String name(byte[] message, int start, int lineEnd) {
        int colon = start;
        while (colon < lineEnd && message[colon] != ':') {
            colon++;
        }
        // RFC 5322 §4.5: obsolete syntax allows WSP between the name and the colon
        return new String(message, start, colon - start, StandardCharsets.ISO_8859_1).strip();
    }

    /** The offset of the line's terminator (CR of CRLF, or a bare LF), or the end of the message. */
    private static int lineEnd(byte[] message, int from) {
        for (int i = from; i < message.length; i++) {
            if (message[i] == '\n') {
                return i > from && message[i - 1] == '\r' ? i - 1 : i;
            }
        }
        return message.length;
    }

    private static int nextLine(byte[] message, int lineEnd) {
        if (lineEnd >= message.length) {
            return message.length;
        }
        return message[lineEnd] == '\r' ? lineEnd + 2 : lineEnd + 1;
    }
}
