package dev.coffer.crypto;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Header protection for encrypted storage (RFC 9788, hp="cipher"), done so that the original
 * message comes back byte for byte: {@code unprotect(protect(m))} equals {@code m} for any input.
 *
 * <p>The cryptographic payload is the original message with three changes, all recorded so that
 * they can be undone:
 * <ol>
 *   <li>{@code HP-Outer} fields (RFC 9788 §2.2) are prepended, one per non-structural field the
 *       outer header exposes, followed by one {@code HP-Coffer-Added} field that ends the prefix
 *       and says whether a Content-Type field was added;</li>
 *   <li>the first top-level Content-Type field gains a folded line
 *       {@code hp="cipher"; protected-headers="v1"} just before its line break (RFC 9788 §2.1, and
 *       the older parameter Thunderbird and K-9 read);</li>
 *   <li>or, when the message has no Content-Type, the RFC 2045 §5.2 default is written out with
 *       those parameters, directly after {@code HP-Coffer-Added: content-type}.</li>
 * </ol>
 */
final class HeaderProtection {

    /** The fields the outer (visible) header keeps, for listing in IMAP. */
    static final List<String> EXPOSED_FIELDS =
            List.of("From", "To", "Cc", "Date", "Message-ID", "In-Reply-To", "References");

    /** RFC 9788 §3.2 hcp_baseline: the Subject is replaced, everything exposed is copied. */
    static final String OBSCURED_SUBJECT = " [...]";

    private static final byte[] PARAMETERS = " hp=\"cipher\"; protected-headers=\"v1\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ADDED_CONTENT_TYPE =
            ("Content-Type: text/plain; charset=us-ascii;" + new String(PARAMETERS, StandardCharsets.US_ASCII))
                    .getBytes(StandardCharsets.US_ASCII);
    private static final String MARKER = "HP-Coffer-Added:";
    private static final String ADDED = "content-type";
    private static final String NOT_ADDED = "none";
    private static final Set<String> EXPOSED_LOWER =
            Set.copyOf(EXPOSED_FIELDS.stream().map(name -> name.toLowerCase(Locale.ROOT)).toList());

    private HeaderProtection() {
    }

    /**
     * A field of the outer header: its canonical name and its raw value (folding kept).
     */
    record OuterField(String name, byte[] rawValue) {
    }

    /** The non-structural fields of the outer header, in the original's order, then the Subject. */
    static List<OuterField> outerFields(byte[] message) {
        HeaderBlock header = HeaderBlock.parse(message);
        List<OuterField> outer = new ArrayList<>();
        for (HeaderBlock.Field field : header.fields()) {
            String lower = field.name().toLowerCase(Locale.ROOT);
            if (EXPOSED_LOWER.contains(lower)) {
                String canonical = EXPOSED_FIELDS.stream().filter(field::named).findFirst().orElseThrow();
                outer.add(new OuterField(canonical, field.rawValue(message)));
            }
        }
        outer.add(new OuterField("Subject", OBSCURED_SUBJECT.getBytes(StandardCharsets.US_ASCII)));
        return outer;
    }

    static byte[] protect(byte[] message) {
        byte[] lineBreak = HeaderBlock.lineBreak(message);
        ByteArrayOutputStream out = new ByteArrayOutputStream(message.length + 512);
        for (OuterField field : outerFields(message)) {
            // RFC 9788 §2.2: HP-Outer: <field name>: <value as in the outer header>
            out.writeBytes(ascii("HP-Outer: " + field.name() + ":"));
            out.writeBytes(field.rawValue());
            out.writeBytes(lineBreak);
        }
        var contentType = HeaderBlock.parse(message).first("Content-Type");
        if (contentType.isEmpty()) {
            out.writeBytes(ascii(MARKER + " " + ADDED));
            out.writeBytes(lineBreak);
            out.writeBytes(ADDED_CONTENT_TYPE);
            out.writeBytes(lineBreak);
            out.writeBytes(message);
            return out.toByteArray();
        }
        out.writeBytes(ascii(MARKER + " " + NOT_ADDED));
        out.writeBytes(lineBreak);
        HeaderBlock.Field field = contentType.get();
        byte[] terminator = field.terminator(message);
        out.write(message, 0, field.contentEnd());
        out.write(';');
        out.writeBytes(terminator.length > 0 ? terminator : lineBreak);
        out.writeBytes(PARAMETERS);
        out.write(message, field.contentEnd(), message.length - field.contentEnd());
        return out.toByteArray();
    }

    static byte[] unprotect(byte[] payload) {
        int position = 0;
        while (position < payload.length && !startsWith(payload, position, MARKER)) {
            if (!startsWith(payload, position, "HP-Outer:") && !HeaderBlock.isWhitespace(payload[position])) {
                throw notProtected("an unexpected field before the " + MARKER + " field");
            }
            position = HeaderBlock.lineEnd(payload, position);
        }
        if (position >= payload.length) {
            throw notProtected("no " + MARKER + " field");
        }
        int markerEnd = HeaderBlock.lineEnd(payload, position);
        String added = new String(payload, position + MARKER.length(), markerEnd - position - MARKER.length(),
                StandardCharsets.ISO_8859_1).strip();
        return switch (added) {
            case ADDED -> withoutAddedContentType(payload, markerEnd);
            case NOT_ADDED -> withoutParameters(Arrays.copyOfRange(payload, markerEnd, payload.length));
            default -> throw notProtected("an unknown " + MARKER + " value");
        };
    }

    private static byte[] withoutAddedContentType(byte[] payload, int from) {
        if (!startsWith(payload, from, new String(ADDED_CONTENT_TYPE, StandardCharsets.US_ASCII))) {
            throw notProtected("the added Content-Type field is missing");
        }
        int lineEnd = HeaderBlock.lineEnd(payload, from);
        if (lineEnd - from > ADDED_CONTENT_TYPE.length + 2) {
            throw notProtected("the added Content-Type field was changed");
        }
        return Arrays.copyOfRange(payload, lineEnd, payload.length);
    }

    private static byte[] withoutParameters(byte[] message) {
        HeaderBlock.Field field = HeaderBlock.parse(message).first("Content-Type")
                .orElseThrow(() -> notProtected("no Content-Type field"));
        int contentEnd = field.contentEnd();
        for (byte[] lineBreak : List.of(new byte[] {'\r', '\n'}, new byte[] {'\n'})) {
            byte[] suffix = suffix(lineBreak);
            int start = contentEnd - suffix.length;
            if (start >= field.valueStart() && Arrays.equals(message, start, contentEnd, suffix, 0, suffix.length)) {
                byte[] original = new byte[message.length - suffix.length];
                System.arraycopy(message, 0, original, 0, start);
                System.arraycopy(message, contentEnd, original, start, message.length - contentEnd);
                return original;
            }
        }
        throw notProtected("the Content-Type field does not end with the hp parameters");
    }

    private static byte[] suffix(byte[] lineBreak) {
        byte[] suffix = new byte[1 + lineBreak.length + PARAMETERS.length];
        suffix[0] = ';';
        System.arraycopy(lineBreak, 0, suffix, 1, lineBreak.length);
        System.arraycopy(PARAMETERS, 0, suffix, 1 + lineBreak.length, PARAMETERS.length);
        return suffix;
    }

    private static boolean startsWith(byte[] bytes, int from, String prefix) {
        if (bytes.length - from < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if ((bytes[from + i] & 0xFF) != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static MessageFormatException notProtected(String detail) {
        return new MessageFormatException("the decrypted message is not header-protected the way Coffer stores it: " + detail);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
