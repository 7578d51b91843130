package dev.coffer.mailauth.dkim;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A message split the way DKIM sees it: header fields in order, raw, and the body octets.
 * Lines ending in a bare LF are read as CRLF lines (what a message in a file or in Python's
 * {@code email} looks like); everything else is kept octet for octet.
 */
public record DkimMessage(List<Field> fields, byte[] body) {

    /**
     * One header field as it appears: {@code raw} is the name, the colon and the value with
     * its folding CRLFs, without the CRLF that ends the field. ISO-8859-1, octet per char.
     */
    public record Field(String name, String raw) {
        public boolean hasName(String other) {
            return name.equalsIgnoreCase(other);
        }

        public String value() {
            int colon = raw.indexOf(':');
            return colon < 0 ? "" : raw.substring(colon + 1);
        }
    }

    public DkimMessage {
        fields = List.copyOf(fields);
    }

    public static DkimMessage parse(byte[] message) {
        byte[] data = withCrlf(message);
        List<Field> fields = new ArrayList<>();
        int pos = 0;
        int bodyStart = data.length;
        StringBuilder current = null;
        while (pos < data.length) {
            int eol = indexOfCrlf(data, pos);
            int lineEnd = eol < 0 ? data.length : eol;
            int next = eol < 0 ? data.length : eol + 2;
            if (lineEnd == pos) {
                // RFC 5322 §2.1: the empty line separates header and body
                bodyStart = next;
                break;
            }
            String line = new String(data, pos, lineEnd - pos, StandardCharsets.ISO_8859_1);
            char first = line.charAt(0);
            if ((first == ' ' || first == '\t') && current != null) {
                // RFC 5322 §2.2.3: a line starting with WSP continues the previous field
                current.append("\r\n").append(line);
            } else {
                if (current != null) {
                    fields.add(field(current.toString()));
                }
                current = new StringBuilder(line);
            }
            pos = next;
        }
        if (current != null) {
            fields.add(field(current.toString()));
        }
        byte[] body = bodyStart >= data.length ? new byte[0] : Arrays.copyOfRange(data, bodyStart, data.length);
        return new DkimMessage(fields, body);
    }

    private static Field field(String raw) {
        int colon = raw.indexOf(':');
        String name = colon < 0 ? raw : raw.substring(0, colon);
        // RFC 5322 §4.5 obsolete syntax allows WSP between the name and the colon
        return new Field(name.strip(), raw);
    }

    public List<Field> fieldsNamed(String name) {
        return fields.stream().filter(f -> f.hasName(name)).toList();
    }

    public int count(String name) {
        int n = 0;
        for (Field f : fields) {
            if (f.hasName(name)) {
                n++;
            }
        }
        return n;
    }

    private static int indexOfCrlf(byte[] data, int from) {
        for (int i = from; i + 1 < data.length; i++) {
            if (data[i] == '\r' && data[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Bare LF becomes CRLF; CRLF and lone CR stay as they are. */
    private static byte[] withCrlf(byte[] message) {
        boolean bareLf = false;
        for (int i = 0; i < message.length; i++) {
            if (message[i] == '\n' && (i == 0 || message[i - 1] != '\r')) {
                bareLf = true;
                break;
            }
        }
        if (!bareLf) {
            return message;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(message.length + message.length / 32);
        for (int i = 0; i < message.length; i++) {
            if (message[i] == '\n' && (i == 0 || message[i - 1] != '\r')) {
                out.write('\r');
            }
            out.write(message[i]);
        }
        return out.toByteArray();
    }
}
