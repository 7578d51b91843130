package dev.coffer.filter.sieve;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.dom.address.AddressList;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.field.address.DefaultAddressParser;
import org.apache.james.mime4j.field.address.ParseException;

/**
 * The top-level header fields of a message as Sieve tests see them, in memory only:
 * unfolded (RFC 5322 §2.2.3), and decoded (RFC 2047) for the header test (RFC 5228 §2.7.2).
 */
final class SieveMessage {

    /** One header field: its name as written and its unfolded raw value. */
    record Field(String name, String value) {}

    private final List<Field> fields;
    private final long size;

    private SieveMessage(List<Field> fields, long size) {
        this.fields = fields;
        this.size = size;
    }

    static SieveMessage parse(byte[] message) {
        int end = headerEnd(message);
        String header = new String(message, 0, end, StandardCharsets.UTF_8);
        List<Field> fields = new ArrayList<>();
        StringBuilder current = null;
        for (String line : header.split("\r?\n", -1)) {
            if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t')) {
                if (current != null) {
                    current.append(line);
                }
                continue;
            }
            addField(fields, current);
            current = line.isEmpty() ? null : new StringBuilder(line);
        }
        addField(fields, current);
        return new SieveMessage(List.copyOf(fields), message.length);
    }

    long size() {
        return size;
    }

    boolean has(String name) {
        return fields.stream().anyMatch(field -> field.name().equalsIgnoreCase(name));
    }

    /** The raw (unfolded, undecoded) values of every field with this name, in order. */
    List<String> raw(String name) {
        return fields.stream().filter(field -> field.name().equalsIgnoreCase(name)).map(Field::value).toList();
    }

    /** RFC 5228 §2.7.2: values with RFC 2047 encoded words decoded, leading and trailing whitespace removed. */
    List<String> decoded(String name) {
        return raw(name).stream().map(SieveMessage::decode).toList();
    }

    /** The first decoded value of a field, or empty. */
    String first(String name) {
        List<String> values = decoded(name);
        return values.isEmpty() ? "" : values.getFirst();
    }

    /**
     * The addresses in every field with this name (RFC 5228 §5.1: groups are flattened);
     * a value that is not an address list yields its text as one "address".
     */
    List<String> addresses(String name) {
        List<String> addresses = new ArrayList<>();
        for (String value : raw(name)) {
            try {
                AddressList list = DefaultAddressParser.DEFAULT.parseAddressList(value, DecodeMonitor.SILENT);
                for (Mailbox mailbox : list.flatten()) {
                    addresses.add(mailbox.getAddress());
                }
            } catch (ParseException | RuntimeException e) {
                addresses.add(value.strip());
            }
        }
        return addresses;
    }

    static String decode(String value) {
        try {
            return DecoderUtil.decodeEncodedWords(value, DecodeMonitor.SILENT).strip();
        } catch (RuntimeException e) {
            return value.strip();
        }
    }

    private static void addField(List<Field> fields, StringBuilder line) {
        if (line == null) {
            return;
        }
        int colon = line.indexOf(":");
        if (colon <= 0) {
            return;
        }
        fields.add(new Field(line.substring(0, colon).strip(), line.substring(colon + 1).strip()));
    }

    private static int headerEnd(byte[] message) {
        for (int i = 0; i + 1 < message.length; i++) {
            if (message[i] == '\n' && (message[i + 1] == '\n'
                    || (message[i + 1] == '\r' && i + 2 < message.length && message[i + 2] == '\n'))) {
                return i + 1;
            }
        }
        return message.length;
    }
}
