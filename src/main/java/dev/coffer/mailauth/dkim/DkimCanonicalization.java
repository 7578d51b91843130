package dev.coffer.mailauth.dkim;

import java.io.ByteArrayOutputStream;
import java.util.Locale;
import java.util.Optional;

/**
 * The two canonicalization algorithms of RFC 6376 §3.4, for header fields and for the body.
 *
 * <p>Header fields are handled as ISO-8859-1 strings so that every octet maps to one char
 * and back: canonicalization is defined on octets, not on characters.
 */
public enum DkimCanonicalization {
    SIMPLE("simple"),
    RELAXED("relaxed");

    private static final byte CR = '\r';
    private static final byte LF = '\n';

    private final String tagValue;

    DkimCanonicalization(String tagValue) {
        this.tagValue = tagValue;
    }

    /** The name used in the c= tag. */
    public String tagValue() {
        return tagValue;
    }

    public static Optional<DkimCanonicalization> fromTagValue(String value) {
        for (DkimCanonicalization c : values()) {
            if (c.tagValue.equals(value)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /**
     * Canonicalizes one header field, given as it appears in the message (name, colon, value,
     * folding CRLFs included) without its terminating CRLF. The result has no CRLF either;
     * the caller adds it after every field but the DKIM-Signature field itself (§3.7).
     */
    public String header(String field) {
        return switch (this) {
            // RFC 6376 §3.4.1: "simple" does not change header fields in any way
            case SIMPLE -> field;
            case RELAXED -> relaxedHeader(field);
        };
    }

    private static String relaxedHeader(String field) {
        int colon = field.indexOf(':');
        String name = colon < 0 ? field : field.substring(0, colon);
        String value = colon < 0 ? "" : field.substring(colon + 1);
        // RFC 6376 §3.4.2: lowercase the field name; delete WSP before the colon
        name = stripTrailingWsp(name).toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(field.length());
        out.append(name).append(':');
        boolean pendingSpace = false;
        boolean started = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            // RFC 6376 §3.4.2: unfold (delete CRLF before WSP) and reduce WSP runs to one SP
            if (c == '\r' || c == '\n') {
                continue;
            }
            if (c == ' ' || c == '\t') {
                pendingSpace = true;
                continue;
            }
            // RFC 6376 §3.4.2: delete WSP at the start (after the colon) and at the end of the value
            if (pendingSpace && started) {
                out.append(' ');
            }
            pendingSpace = false;
            started = true;
            out.append(c);
        }
        return out.toString();
    }

    private static String stripTrailingWsp(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
            end--;
        }
        return s.substring(0, end);
    }

    /** Canonicalizes the body (everything after the empty line that ends the header). */
    public byte[] body(byte[] body) {
        return switch (this) {
            case SIMPLE -> simpleBody(body);
            case RELAXED -> relaxedBody(body);
        };
    }

    /**
     * RFC 6376 §3.4.3: ignore all empty lines at the end of the body; an empty body becomes
     * one CRLF, and a body not ending in CRLF gets one.
     */
    private static byte[] simpleBody(byte[] body) {
        int end = withoutTrailingEmptyLines(body, body.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream(end + 2);
        out.write(body, 0, end);
        if (end < 2 || body[end - 2] != CR || body[end - 1] != LF) {
            out.write(CR);
            out.write(LF);
        }
        return out.toByteArray();
    }

    /**
     * RFC 6376 §3.4.4: delete WSP at the end of each line, reduce WSP runs inside a line to
     * one SP, ignore empty lines at the end; a non-empty body ends in CRLF, an empty body
     * stays empty (RFC 6376 erratum 3133 removed the lone CRLF).
     */
    private static byte[] relaxedBody(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 2);
        int i = 0;
        while (i < body.length) {
            int lineEnd = i;
            while (lineEnd < body.length && !(body[lineEnd] == CR && lineEnd + 1 < body.length
                    && body[lineEnd + 1] == LF)) {
                lineEnd++;
            }
            boolean pendingSpace = false;
            for (int k = i; k < lineEnd; k++) {
                byte b = body[k];
                if (b == ' ' || b == '\t') {
                    pendingSpace = true;
                    continue;
                }
                if (pendingSpace) {
                    out.write(' ');
                    pendingSpace = false;
                }
                out.write(b);
            }
            if (lineEnd < body.length) {
                out.write(CR);
                out.write(LF);
                i = lineEnd + 2;
            } else {
                // a last line without CRLF gets one, unless it is empty (nothing after the last CRLF)
                if (lineEnd > i) {
                    out.write(CR);
                    out.write(LF);
                }
                i = lineEnd;
            }
        }
        byte[] lines = out.toByteArray();
        int end = withoutTrailingEmptyLines(lines, lines.length);
        if (end == 0) {
            return new byte[0];
        }
        byte[] result = new byte[end];
        System.arraycopy(lines, 0, result, 0, end);
        return result;
    }

    /**
     * The length of {@code data} without the CRLFs that end it beyond the first: "a\r\n\r\n"
     * gives the length of "a\r\n"; a body of only CRLFs gives 0.
     */
    private static int withoutTrailingEmptyLines(byte[] data, int length) {
        int end = length;
        while (endsWithCrlf(data, end)) {
            if (end == 2) {
                return 0;
            }
            if (!endsWithCrlf(data, end - 2)) {
                break;
            }
            end -= 2;
        }
        return end;
    }

    private static boolean endsWithCrlf(byte[] data, int end) {
        return end >= 2 && data[end - 2] == CR && data[end - 1] == LF;
    }
}
