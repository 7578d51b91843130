package dev.coffer.imap;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Every response the server writes goes through here: untagged data, tagged status,
 * continuation requests (RFC 9051 §7), and strings as quoted strings or literals.
 */
public final class ImapWriter {

    private OutputStream out;

    ImapWriter(OutputStream out) {
        this.out = out;
    }

    void use(OutputStream out) {
        this.out = out;
    }

    /** {@code * text}. */
    public void untagged(String text) throws IOException {
        write("* " + text + "\r\n");
    }

    /** {@code * text} with raw bytes (literals) already in IMAP form. */
    public void untagged(byte[] response) throws IOException {
        out.write('*');
        out.write(' ');
        out.write(response);
        out.write('\r');
        out.write('\n');
    }

    /** {@code * response}, written from the buffer it was built in, without copying it first. */
    void untagged(ByteArrayOutputStream response) throws IOException {
        out.write('*');
        out.write(' ');
        response.writeTo(out);
        out.write('\r');
        out.write('\n');
    }

    /** {@code tag OK|NO|BAD [code] text}. */
    public void tagged(String tag, String status, String code, String text) throws IOException {
        write((tag == null ? "*" : tag) + " " + status + " " + (code == null ? "" : "[" + code + "] ") + text + "\r\n");
    }

    /** {@code + text}. */
    void continuation(String text) throws IOException {
        write("+ " + text + "\r\n");
    }

    void flush() throws IOException {
        out.flush();
    }

    private void write(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }

    // ------------------------------------------------------------- strings

    /** An nstring in response form: NIL, a quoted string, or a literal when quoting cannot carry it. */
    static void nstring(ByteArrayOutputStream out, String value, boolean utf8) {
        if (value == null) {
            ascii(out, "NIL");
        } else {
            string(out, value, utf8);
        }
    }

    static void string(ByteArrayOutputStream out, String value, boolean utf8) {
        if (quotable(value, utf8)) {
            out.write('"');
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '"' || c == '\\') {
                    out.write('\\');
                }
                if (c < 0x80) {
                    out.write(c);
                } else {
                    out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                }
            }
            out.write('"');
            return;
        }
        literal(out, value.getBytes(StandardCharsets.UTF_8));
    }

    static void literal(ByteArrayOutputStream out, byte[] data) {
        ascii(out, "{" + data.length + "}\r\n");
        out.writeBytes(data);
    }

    static void ascii(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A string as a response token (for STATUS/LIST names): quoted when needed. */
    public static String quotedText(String value) {
        StringBuilder text = new StringBuilder("\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                text.append('\\');
            }
            text.append(c);
        }
        return text.append('"').toString();
    }

    /** An astring as text: an atom when it can be one, else quoted. */
    static String astringText(String value) {
        if (value.isEmpty()) {
            return "\"\"";
        }
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            if (!ImapTokenizer.isAstringChar(b) || (b & 0xff) >= 0x80) {
                return quotedText(value);
            }
        }
        return value;
    }

    private static boolean quotable(String value, boolean utf8) {
        if (value.length() > 200) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == 0 || (c >= 0x80 && !utf8)) {
                return false;
            }
        }
        return true;
    }
}
