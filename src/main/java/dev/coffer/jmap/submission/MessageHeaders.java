package dev.coffer.jmap.submission;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.james.mime4j.dom.Header;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.field.address.DefaultAddressParser;
import org.apache.james.mime4j.field.address.ParseException;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.util.MimeUtil;

/** The addresses in the header of a message to send, read in memory (RFC 5322 §3.6.2, §3.6.3). */
final class MessageHeaders {

    private final Header header;

    private MessageHeaders(Header header) {
        this.header = header;
    }

    static MessageHeaders parse(byte[] message) throws InvalidMessageException {
        DefaultMessageBuilder builder = new DefaultMessageBuilder();
        builder.setMimeEntityConfig(MimeConfig.custom().setMaxHeaderCount(1000).setMaxLineLen(-1)
                .setMaxHeaderLen(100_000).build());
        try {
            return new MessageHeaders(builder.parseHeader(new ByteArrayInputStream(message)));
        } catch (IOException | RuntimeException e) {
            throw new InvalidMessageException("The message header cannot be parsed: " + e.getMessage());
        }
    }

    /** The addresses of every field of this name, in order; a field that does not parse is an error. */
    List<String> addresses(String name) throws InvalidMessageException {
        List<String> addresses = new ArrayList<>();
        for (Field field : header.getFields(name)) {
            try {
                String body = MimeUtil.unfold(field.getBody());
                for (Mailbox mailbox : DefaultAddressParser.DEFAULT.parseAddressList(body).flatten()) {
                    addresses.add(mailbox.getAddress());
                }
            } catch (ParseException | RuntimeException e) {
                throw new InvalidMessageException("The " + name + " header field holds no valid address list");
            }
        }
        return addresses;
    }

    Optional<String> first(String name) throws InvalidMessageException {
        return addresses(name).stream().findFirst();
    }

    /** RFC 8621 §7: the deduplicated addresses of To, Cc and Bcc. */
    List<String> recipients() throws InvalidMessageException {
        LinkedHashSet<String> seen = new LinkedHashSet<>();
        List<String> recipients = new ArrayList<>();
        for (String name : List.of("To", "Cc", "Bcc")) {
            for (String address : addresses(name)) {
                if (seen.add(address.toLowerCase(Locale.ROOT))) {
                    recipients.add(address);
                }
            }
        }
        return recipients;
    }

    /** The message without its Bcc fields (RFC 5322 §3.6.3, RFC 5321 Appendix B): blind copies stay blind. */
    static byte[] withoutBcc(byte[] message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(message.length);
        int position = 0;
        boolean dropping = false;
        while (position < message.length) {
            int end = position;
            while (end < message.length && message[end] != '\n') {
                end++;
            }
            int next = Math.min(end + 1, message.length);
            boolean blank = next - position <= 2 && (next - position == 1 || message[position] == '\r');
            if (blank) {
                out.write(message, position, message.length - position);
                return out.toByteArray();
            }
            boolean continuation = message[position] == ' ' || message[position] == '\t';
            if (!continuation) {
                dropping = startsWithIgnoreCase(message, position, "bcc:");
            }
            if (!dropping) {
                out.write(message, position, next - position);
            }
            position = next;
        }
        return out.toByteArray();
    }

    private static boolean startsWithIgnoreCase(byte[] message, int position, String prefix) {
        if (message.length - position < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (Character.toLowerCase((char) message[position + i]) != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    static final class InvalidMessageException extends Exception {
        InvalidMessageException(String message) {
            super(message);
        }
    }
}
