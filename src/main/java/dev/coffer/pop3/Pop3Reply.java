package dev.coffer.pop3;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * One POP3 response: {@code +OK} or {@code -ERR} (RFC 1939 §3), an optional RFC 2449 §8
 * response code in brackets, text, and for multi-line responses the lines that follow,
 * ended by a lone dot. All responses except message contents (see {@link MessageText})
 * are built and formatted here.
 *
 * @param responseCode RFC 2449/3206 code ({@code AUTH}, {@code SYS/TEMP}, …) or null
 * @param lines        the lines of a multi-line response, or null for a single-line one
 */
public record Pop3Reply(boolean ok, String responseCode, String text, List<String> lines) {

    public Pop3Reply {
        text = printable(text);
        lines = lines == null ? null : lines.stream().map(Pop3Reply::printable).toList();
        if (responseCode != null && !responseCode.matches("[A-Z][A-Z0-9/-]*")) {
            throw new IllegalArgumentException("not an RFC 2449 response code: " + responseCode);
        }
    }

    public boolean isError() {
        return !ok;
    }

    public boolean isMultiLine() {
        return lines != null;
    }

    /** RFC 1939 §3: status line, then for multi-line responses each line byte-stuffed and a terminating dot. */
    public byte[] toBytes() {
        StringBuilder out = new StringBuilder();
        out.append(ok ? "+OK" : "-ERR");
        if (responseCode != null) {
            out.append(" [").append(responseCode).append(']');
        }
        if (!text.isEmpty()) {
            out.append(' ').append(text);
        }
        out.append("\r\n");
        if (lines != null) {
            for (String line : lines) {
                if (line.startsWith(".")) {
                    out.append('.');
                }
                out.append(line).append("\r\n");
            }
            out.append(".\r\n");
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return new String(toBytes(), StandardCharsets.UTF_8).strip();
    }

    /** Response text must never break the framing, whatever it is built from. */
    private static String printable(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> out.appendCodePoint(c < 0x20 || c == 0x7f ? ' ' : c));
        return out.toString().strip();
    }

    // The responses this server sends, in one place.

    static Pop3Reply ok(String text) {
        return new Pop3Reply(true, null, text, null);
    }

    static Pop3Reply okLines(String text, List<String> lines) {
        return new Pop3Reply(true, null, text, lines);
    }

    static Pop3Reply err(String text) {
        return new Pop3Reply(false, null, text, null);
    }

    static Pop3Reply err(String responseCode, String text) {
        return new Pop3Reply(false, responseCode, text, null);
    }

    static Pop3Reply greeting(String hostname) {
        return ok(hostname + " POP3 server ready");
    }

    /** RFC 2449 §8.1.2 / RFC 3206 §4: the credentials were wrong (or lacked the read scope). */
    static Pop3Reply invalidCredentials() {
        return err("AUTH", "Invalid credentials. Use an app password (create one with 'coffer user app-password add');"
                + " the account password is not accepted here.");
    }

    /** RFC 3206 §4 SYS/TEMP: too many failed logins; the client should try later, not ask for a new password. */
    static Pop3Reply throttled(Duration retryAfter) {
        long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        return err("SYS/TEMP", "Too many failed logins; try again in " + seconds + " seconds");
    }

    /** RFC 2595 §2.1 (and RFC 8314): no passwords in clear. */
    static Pop3Reply tlsRequired() {
        return err("SYS/PERM", "Logins are not accepted before TLS; send STLS first or use the POP3S port");
    }

    static Pop3Reply maildropUnavailable() {
        return err("SYS/TEMP", "Cannot open the maildrop now; try again later");
    }

    static Pop3Reply localError() {
        return err("SYS/TEMP", "Local error; try again later");
    }

    static Pop3Reply tooManyConnections() {
        return err("SYS/TEMP", "Too many connections from your address; try again later");
    }

    static Pop3Reply tooManyErrors() {
        return err("SYS/PERM", "Too many errors; closing connection");
    }

    static Pop3Reply noSuchMessage(int message) {
        return err("No such message: " + message);
    }

    static Pop3Reply alreadyDeleted(int message) {
        return err("Message " + message + " is already deleted");
    }

    static Pop3Reply notInState(String verb, boolean loggedIn) {
        return err(verb + (loggedIn ? " is not allowed after login" : " is not allowed before login"));
    }

    static Pop3Reply syntax(String text) {
        return err(text);
    }

    static Pop3Reply lineTooLong() {
        return err("Line too long");
    }
}
