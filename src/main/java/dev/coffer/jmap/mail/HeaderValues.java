package dev.coffer.jmap.mail;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.Charset;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** RFC 8621 §4.1.2 parsed forms of the outer header fields the store keeps: addresses, message ids, dates. */
final class HeaderValues {

    private static final Pattern ENCODED_WORD = Pattern.compile("=\\?([^?]+)\\?([BbQq])\\?([^?]*)\\?=");
    private static final Pattern MESSAGE_ID = Pattern.compile("<([^<>\\s]+)>");

    private HeaderValues() {}

    /** RFC 8621 §4.1.2.3 {@code asAddresses}: a list of {name, email}; null when the field is absent. */
    static ArrayNode addresses(String field) {
        if (field == null) {
            return null;
        }
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        for (String part : splitTopLevel(field)) {
            String mailbox = part.strip();
            int colon = groupColon(mailbox);
            if (colon >= 0) {
                mailbox = mailbox.substring(colon + 1).strip();
            }
            mailbox = mailbox.replaceAll(";$", "").strip();
            if (mailbox.isEmpty()) {
                continue;
            }
            ObjectNode address = list.addObject();
            int open = mailbox.lastIndexOf('<');
            int close = mailbox.lastIndexOf('>');
            if (open >= 0 && close > open) {
                String name = unquote(mailbox.substring(0, open).strip());
                address.put("name", name.isEmpty() ? null : decodeWords(name));
                address.put("email", mailbox.substring(open + 1, close).strip());
            } else {
                address.putNull("name");
                address.put("email", mailbox.replaceAll("\\(.*\\)", "").strip());
            }
        }
        return list;
    }

    /** RFC 8621 §4.1.2.5 {@code asMessageIds}: ids without angle brackets; null when absent or none. */
    static ArrayNode messageIds(String field) {
        if (field == null) {
            return null;
        }
        ArrayNode ids = JsonNodeFactory.instance.arrayNode();
        Matcher matcher = MESSAGE_ID.matcher(field);
        while (matcher.find()) {
            ids.add(matcher.group(1));
        }
        return ids.isEmpty() ? null : ids;
    }

    /** RFC 8621 §4.1.2.6 {@code asDate}: the Date field as an RFC 3339 date with its offset, null when unreadable. */
    static String date(String field) {
        if (field == null) {
            return null;
        }
        String cleaned = field.replaceAll("\\([^)]*\\)", "").strip().replaceAll("\\s+", " ");
        try {
            return OffsetDateTime.parse(cleaned, DateTimeFormatter.RFC_1123_DATE_TIME)
                    .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** RFC 2047 encoded words in a display name. */
    static String decodeWords(String text) {
        Matcher matcher = ENCODED_WORD.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String decoded;
            try {
                Charset charset = Charset.forName(matcher.group(1).replaceAll("\\*.*", ""));
                byte[] bytes = matcher.group(2).equalsIgnoreCase("B")
                        ? Base64.getDecoder().decode(matcher.group(3)) : quoted(matcher.group(3));
                decoded = new String(bytes, charset);
            } catch (IllegalArgumentException e) {
                decoded = matcher.group();
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(decoded));
        }
        matcher.appendTail(out);
        return out.toString().replaceAll("\\?=\\s+=\\?", "?==?");
    }

    private static byte[] quoted(String text) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '_') {
                out.write(' ');
            } else if (c == '=' && i + 2 < text.length()) {
                out.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toByteArray();
    }

    /** Splits at commas outside quotes, angle brackets and comments. */
    private static List<String> splitTopLevel(String field) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        int angle = 0;
        int comment = 0;
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && quoted && i + 1 < field.length()) {
                current.append(c).append(field.charAt(++i));
                continue;
            }
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '<') {
                angle++;
            } else if (!quoted && c == '>') {
                angle = Math.max(0, angle - 1);
            } else if (!quoted && c == '(') {
                comment++;
            } else if (!quoted && c == ')') {
                comment = Math.max(0, comment - 1);
            } else if (c == ',' && !quoted && angle == 0 && comment == 0) {
                parts.add(current.toString());
                current.setLength(0);
                continue;
            }
            current.append(c);
        }
        parts.add(current.toString());
        return parts;
    }

    /** The colon of an RFC 5322 group ("name: a, b;"), outside quotes, or -1. */
    private static int groupColon(String text) {
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '<') {
                return -1;
            } else if (!quoted && c == ':') {
                return i;
            }
        }
        return -1;
    }

    private static String unquote(String name) {
        if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
            return name.substring(1, name.length() - 1).replaceAll("\\\\(.)", "$1");
        }
        return name;
    }
}
