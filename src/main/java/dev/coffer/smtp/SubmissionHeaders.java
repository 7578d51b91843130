package dev.coffer.smtp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.apache.james.mime4j.dom.address.Address;
import org.apache.james.mime4j.dom.address.AddressList;
import org.apache.james.mime4j.dom.address.Group;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.field.address.DefaultAddressParser;
import org.apache.james.mime4j.field.address.ParseException;

/**
 * What the submission server reads and rewrites in the header of a submitted message
 * (RFC 6409 §8, DESIGN §2 Outbound): it removes the fields that identify the client, adds
 * {@code Date} and {@code Message-ID} when the client gave none, and reads the author
 * addresses of {@code From} and {@code Sender}. Works on the bytes as received, so the rest
 * of the message is passed on exactly; lines may end in CRLF or a bare LF.
 */
final class SubmissionHeaders {

    /** Trace fields a client (or a proxy in front of it) adds that name its address or its host. */
    static final Set<String> CLIENT_TRACE =
            Set.of("received", "x-originating-ip", "x-forwarded-for", "x-real-ip", "x-client-ip");

    /** Fields that name the client program; removed only when the listener is told to. */
    static final Set<String> USER_AGENT = Set.of("user-agent", "x-mailer");

    /** RFC 5322 §3.3 date-time, in UTC so that the server's zone is not disclosed. */
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ENGLISH);

    /**
     * One header field: the octets from {@code start} to {@code end}, continuation lines and
     * line end included.
     *
     * @param name the field name in lower case, or null for a line that is not a field
     *             (no colon, or a continuation line with no field before it); such lines are kept
     */
    record Field(String name, int start, int end, int valueStart) {}

    /**
     * The header section of a message (RFC 5322 §2.1): the fields up to the first empty line,
     * or the whole message when it has no empty line.
     *
     * @param bodyStart where the empty line that ends the header starts; the message length when there is none
     */
    record Header(byte[] message, List<Field> fields, int bodyStart) {

        static Header of(byte[] message) {
            List<Field> fields = new ArrayList<>();
            int position = 0;
            while (position < message.length) {
                int next = lineEnd(message, position);
                int contentEnd = next;
                if (contentEnd > position && message[contentEnd - 1] == '\n') {
                    contentEnd--;
                    if (contentEnd > position && message[contentEnd - 1] == '\r') {
                        contentEnd--;
                    }
                }
                if (contentEnd == position) {
                    // RFC 5322 §2.1: the empty line (CRLF, or a bare LF) separates the header from the body.
                    // Nothing else ends it here ("CR CR LF" does not), so no reader finds fields we did not check.
                    return new Header(message, fields, position);
                }
                byte first = message[position];
                if ((first == ' ' || first == '\t') && !fields.isEmpty()) {
                    // RFC 5322 §2.2.3: a line starting with white space continues the field before it
                    Field last = fields.removeLast();
                    fields.add(new Field(last.name(), last.start(), next, last.valueStart()));
                } else {
                    fields.add(field(message, position, contentEnd, next));
                }
                position = next;
            }
            return new Header(message, fields, message.length);
        }

        /** The unfolded values of every field with this name (RFC 5322 §2.2.3), decoded as UTF-8 (RFC 6532). */
        List<String> values(String name) {
            String wanted = name.toLowerCase(Locale.ROOT);
            List<String> values = new ArrayList<>();
            for (Field field : fields) {
                if (wanted.equals(field.name())) {
                    String raw = new String(message, field.valueStart(), field.end() - field.valueStart(), StandardCharsets.UTF_8);
                    values.add(raw.replace("\r", "").replace("\n", "").strip());
                }
            }
            return values;
        }

        boolean has(String name) {
            return !values(name).isEmpty();
        }
    }

    private SubmissionHeaders() {}

    /**
     * Removes every field named in {@code CLIENT_TRACE} (and in {@code USER_AGENT} when asked),
     * wherever it stands in the header; the body is left alone.
     */
    static byte[] stripClientTrace(byte[] message, boolean stripUserAgent) {
        Header header = Header.of(message);
        ByteArrayOutputStream out = new ByteArrayOutputStream(message.length);
        for (Field field : header.fields()) {
            boolean identifying = field.name() != null
                    && (CLIENT_TRACE.contains(field.name()) || stripUserAgent && USER_AGENT.contains(field.name()));
            if (!identifying) {
                out.write(message, field.start(), field.end() - field.start());
            }
        }
        out.write(message, header.bodyStart(), message.length - header.bodyStart());
        return out.toByteArray();
    }

    /**
     * RFC 6409 §8.2 and §8.3: adds {@code Date} and {@code Message-ID} at the end of the header
     * when the client gave none. The date is in UTC; the identifier is random, under our host name.
     */
    static byte[] completeHeader(byte[] message, String hostname, ZonedDateTime now) {
        Header header = Header.of(message);
        StringBuilder added = new StringBuilder();
        if (!header.has("date")) {
            added.append("Date: ").append(DATE.format(now.withZoneSameInstant(ZoneOffset.UTC))).append("\r\n");
        }
        if (!header.has("message-id")) {
            added.append("Message-ID: <").append(UUID.randomUUID()).append('@').append(hostname).append(">\r\n");
        }
        if (added.isEmpty()) {
            return message;
        }
        int end = header.bodyStart();
        ByteArrayOutputStream out = new ByteArrayOutputStream(message.length + added.length() + 2);
        out.write(message, 0, end);
        if (end > 0 && message[end - 1] != '\n') {
            // a header-only message whose last line has no line end
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes(added.toString().getBytes(StandardCharsets.US_ASCII));
        out.write(message, end, message.length - end);
        return out.toByteArray();
    }

    /** The author addresses of a message, or why they cannot be known. */
    sealed interface Authors {
        /** Every mailbox of {@code From} and of {@code Sender}, as {@code local@domain}. */
        record Found(List<String> addresses) implements Authors {}

        /** No {@code From}: RFC 5322 §3.6 requires exactly one. */
        record Missing() implements Authors {}

        /** A {@code From} or {@code Sender} that cannot be read with certainty; refused rather than guessed at. */
        record Invalid(String reason) implements Authors {}
    }

    /**
     * RFC 5322 §3.6.2 with RFC 6854 (groups in {@code From}): every mailbox a reader may be shown
     * as the author. Fails closed: more than one {@code From} or {@code Sender}, a value that does
     * not parse, an address with no single {@code @}, or a header with a bare CR or a NUL (where
     * readers may disagree on where fields begin) makes the message invalid.
     */
    static Authors authors(Header header) {
        List<String> from = header.values("from");
        List<String> sender = header.values("sender");
        if (from.isEmpty()) {
            return new Authors.Missing();
        }
        if (from.size() > 1 || sender.size() > 1) {
            return new Authors.Invalid("The message must have exactly one From field and at most one Sender field");
        }
        for (int i = 0; i < header.bodyStart(); i++) {
            byte b = header.message()[i];
            boolean bareCr = b == '\r' && (i + 1 >= header.message().length || header.message()[i + 1] != '\n');
            if (bareCr || b == 0) {
                // some readers break lines at a bare CR: they would see fields that we do not
                return new Authors.Invalid("The header contains a bare CR or a NUL");
            }
        }
        List<String> addresses = new ArrayList<>();
        for (String value : from.size() == 1 && sender.size() == 1 ? List.of(from.getFirst(), sender.getFirst()) : from) {
            AddressList list;
            try {
                list = DefaultAddressParser.DEFAULT.parseAddressList(value);
            } catch (ParseException | RuntimeException e) {
                return new Authors.Invalid("The From or Sender field cannot be parsed");
            }
            for (Address address : list) {
                List<Mailbox> mailboxes = switch (address) {
                    case Mailbox mailbox -> List.of(mailbox);
                    case Group group -> group.getMailboxes();
                    default -> List.of();
                };
                for (Mailbox mailbox : mailboxes) {
                    String text = mailbox.getAddress();
                    if (mailbox.getDomain() == null || text.indexOf('@') != text.lastIndexOf('@')
                            || text.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
                        return new Authors.Invalid("The From or Sender field names an address that cannot be checked");
                    }
                    addresses.add(text);
                }
            }
        }
        if (addresses.isEmpty()) {
            return new Authors.Invalid("The From field names no address");
        }
        return new Authors.Found(List.copyOf(addresses));
    }

    /** Where the line starting at {@code position} ends: just past its LF, or at the end of the message. */
    private static int lineEnd(byte[] message, int position) {
        for (int i = position; i < message.length; i++) {
            if (message[i] == '\n') {
                return i + 1;
            }
        }
        return message.length;
    }

    /** A field line: the name is what precedes the colon, without the white space obsolete syntax allows there (RFC 5322 §4.5). */
    private static Field field(byte[] message, int start, int contentEnd, int end) {
        for (int i = start; i < contentEnd; i++) {
            byte b = message[i];
            if (b == ':') {
                String name = new String(message, start, i - start, StandardCharsets.US_ASCII).strip().toLowerCase(Locale.ROOT);
                return new Field(name.isEmpty() ? null : name, start, end, i + 1);
            }
            // RFC 5322 §2.2: field names are printable US-ASCII other than the colon
            if (b < 33 && b != ' ' && b != '\t' || b > 126) {
                break;
            }
        }
        return new Field(null, start, end, end);
    }
}
