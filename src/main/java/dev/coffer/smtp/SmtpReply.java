package dev.coffer.smtp;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One SMTP reply: a three-digit code (RFC 5321 §4.2), an enhanced status code
 * (RFC 3463, sent because we advertise ENHANCEDSTATUSCODES, RFC 2034) and text lines.
 * All replies the server sends are built and formatted here.
 *
 * @param enhancedCode null for replies that carry none: the greeting, EHLO/HELO and 354
 *                     (RFC 2034 §3)
 */
public record SmtpReply(int code, String enhancedCode, List<String> lines) {

    private static final Pattern ENHANCED = Pattern.compile("[245]\\.[0-9]{1,3}\\.[0-9]{1,3}");

    public SmtpReply {
        if (code < 200 || code > 599) {
            throw new IllegalArgumentException("not an SMTP reply code: " + code);
        }
        if (enhancedCode != null && !fits(code, enhancedCode)) {
            throw new IllegalArgumentException("enhanced code " + enhancedCode + " does not fit reply " + code);
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("an SMTP reply needs at least one line");
        }
        lines = lines.stream().map(SmtpReply::printable).toList();
    }

    public SmtpReply(int code, String enhancedCode, String text) {
        this(code, enhancedCode, List.of(text));
    }

    /** Whether {@code enhancedCode} is well formed and of the same class as {@code code} (RFC 3463 §2). */
    public static boolean fits(int code, String enhancedCode) {
        return enhancedCode != null
                && ENHANCED.matcher(enhancedCode).matches()
                && enhancedCode.charAt(0) - '0' == code / 100;
    }

    public boolean isError() {
        return code >= 400;
    }

    /** RFC 5321 §4.2.1: {@code code-text} on the last line, {@code code-text} on the others. */
    public byte[] toBytes() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            out.append(code).append(i == lines.size() - 1 ? ' ' : '-');
            if (enhancedCode != null) {
                out.append(enhancedCode).append(' ');
            }
            out.append(lines.get(i)).append("\r\n");
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return new String(toBytes(), StandardCharsets.UTF_8).strip();
    }

    /** Reply text comes partly from elsewhere (a reason from delivery); it must never break the framing. */
    private static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> out.appendCodePoint(c < 0x20 || c == 0x7f ? ' ' : c));
        String result = out.toString().strip();
        return result.isEmpty() ? "-" : result;
    }

    // The replies this server sends, in one place.

    static SmtpReply ok(String text) {
        return new SmtpReply(250, "2.0.0", text);
    }

    static SmtpReply badSequence(String text) {
        return new SmtpReply(503, "5.5.1", text);
    }

    static SmtpReply syntax(String text) {
        return new SmtpReply(501, "5.5.4", text);
    }

    static SmtpReply badAddress(String text) {
        return new SmtpReply(501, "5.1.3", text);
    }

    static SmtpReply localError() {
        return new SmtpReply(451, "4.3.0", "Local error, try again later");
    }

    static SmtpReply tooBig() {
        return new SmtpReply(552, "5.3.4", "Message too big");
    }

    static SmtpReply tooManyConnections(String hostname) {
        return new SmtpReply(421, "4.7.0", hostname + " Too many connections from your address, try again later");
    }
}
