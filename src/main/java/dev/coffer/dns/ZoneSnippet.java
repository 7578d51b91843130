package dev.coffer.dns;

import java.util.ArrayList;
import java.util.List;

/** Records in master-file format (RFC 1035 §5.1), each under a comment saying what it is for. */
public final class ZoneSnippet {

    // RFC 1035 §3.3.14: a TXT record is a sequence of character-strings of at most 255 octets each.
    private static final int MAX_STRING = 255;

    private ZoneSnippet() {}

    public static String of(List<DnsRecord> records) {
        StringBuilder text = new StringBuilder();
        for (DnsRecord record : records) {
            text.append("; ").append(record.purpose()).append('\n')
                    .append(record.name()).append(". ").append(DomainRecords.TTL).append(" IN ")
                    .append(record.type()).append(' ')
                    .append(record.type().equals("TXT") ? quote(record.value()) : record.value())
                    .append('\n');
        }
        return text.toString();
    }

    /** The value as quoted character-strings of at most 255 octets, with {@code "} and {@code \} escaped (RFC 1035 §5.1). */
    public static String quote(String value) {
        List<String> pieces = new ArrayList<>();
        for (int start = 0; start < value.length() || start == 0; start += MAX_STRING) {
            String piece = value.substring(start, Math.min(value.length(), start + MAX_STRING));
            pieces.add("\"" + piece.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
        }
        return String.join(" ", pieces);
    }
}
