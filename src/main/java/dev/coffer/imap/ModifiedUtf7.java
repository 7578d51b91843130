package dev.coffer.imap;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * RFC 3501 §5.1.3 modified UTF-7 for mailbox names, which IMAP4rev1 clients use unless they
 * enable UTF8=ACCEPT or IMAP4rev2 (then names are UTF-8, RFC 6855 / RFC 9051 §5.1).
 */
final class ModifiedUtf7 {

    private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getDecoder();

    private ModifiedUtf7() {}

    static String encode(String name) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < name.length()) {
            char c = name.charAt(i);
            if (c >= 0x20 && c <= 0x7e) {
                out.append(c == '&' ? "&-" : String.valueOf(c));
                i++;
                continue;
            }
            int start = i;
            while (i < name.length() && (name.charAt(i) < 0x20 || name.charAt(i) > 0x7e)) {
                i++;
            }
            byte[] utf16 = name.substring(start, i).getBytes(StandardCharsets.UTF_16BE);
            out.append('&').append(ENCODER.encodeToString(utf16).replace('/', ',')).append('-');
        }
        return out.toString();
    }

    /** Decodes a name; text that is not valid modified UTF-7 is returned unchanged. */
    static String decode(String name) {
        if (name.indexOf('&') < 0) {
            return name;
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < name.length()) {
            char c = name.charAt(i);
            if (c != '&') {
                out.append(c);
                i++;
                continue;
            }
            int dash = name.indexOf('-', i);
            if (dash < 0) {
                return name;
            }
            if (dash == i + 1) {
                out.append('&');
            } else {
                try {
                    byte[] utf16 = DECODER.decode(name.substring(i + 1, dash).replace(',', '/'));
                    if (utf16.length % 2 != 0) {
                        return name;
                    }
                    out.append(StandardCharsets.UTF_16BE.newDecoder().decode(ByteBuffer.wrap(utf16)));
                } catch (IllegalArgumentException | java.nio.charset.CharacterCodingException e) {
                    return name;
                }
            }
            i = dash + 1;
        }
        return out.toString();
    }
}
