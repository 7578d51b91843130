package dev.coffer.smtp;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The trace header the server prepends to every message it accepts (RFC 5321 §4.4). */
final class ReceivedHeader {

    /** RFC 5322 §3.3 date-time, always in UTC so the server's zone is not disclosed. */
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ENGLISH);

    /** RFC 5322 §2.1.1: lines SHOULD be at most 78 characters. */
    private static final int FOLD_AT = 78;

    private ReceivedHeader() {}

    /**
     * RFC 3848 and RFC 6531 §3.7.3: {@code SMTP}, {@code ESMTP}, {@code ESMTPS},
     * {@code UTF8SMTP}, {@code UTF8SMTPS}. No "A": the inbound listener never authenticates.
     */
    static String protocol(boolean extended, boolean tls, boolean smtpUtf8) {
        if (!extended && !tls) {
            return "SMTP";
        }
        return (smtpUtf8 ? "UTF8SMTP" : "ESMTP") + (tls ? "S" : "");
    }

    /**
     * RFC 3848 and RFC 6531 §3.7.3 for mail submitted by an authenticated client over TLS:
     * {@code ESMTPSA} or {@code UTF8SMTPSA}.
     */
    static String submissionProtocol(boolean smtpUtf8) {
        return smtpUtf8 ? "UTF8SMTPSA" : "ESMTPSA";
    }

    /**
     * The trace header for submitted mail: {@code Received: by host (Coffer) with ESMTPSA id ID; date}.
     * Privacy (DESIGN §2 Outbound): it names neither the client's address nor its EHLO name, and
     * no recipient (a single {@code for} clause would disclose a Bcc recipient in the Sent copy).
     * RFC 5321 §4.4's grammar has a From-domain; RFC 5322 §3.6.7 lets every clause be left out,
     * and mail injected locally (Postfix's pickup) carries a Received header without one too.
     */
    static String submitted(String hostname, String protocol, String id, ZonedDateTime when) {
        return fold(List.of("by " + hostname, "(Coffer)", "with " + protocol, "id " + id + ";",
                DATE.format(when.withZoneSameInstant(ZoneOffset.UTC))));
    }

    /**
     * {@code Received: from helo ([ip]) by host (Coffer) with PROTO id ID [for <rcpt>]; date},
     * folded, ending in CRLF.
     */
    static String format(String heloName, InetAddress client, String hostname, String protocol,
                         String id, List<String> recipients, ZonedDateTime when) {
        List<String> clauses = new ArrayList<>();
        clauses.add("from " + heloName);
        // TCP-info = address-literal (RFC 5321 §4.4)
        clauses.add("(" + addressLiteral(client) + ")");
        clauses.add("by " + hostname);
        clauses.add("(Coffer)");
        clauses.add("with " + protocol);
        clauses.add("id " + id);
        if (recipients.size() == 1) {
            clauses.add("for <" + recipients.getFirst() + ">");
        }
        clauses.set(clauses.size() - 1, clauses.getLast() + ";");
        clauses.add(DATE.format(when.withZoneSameInstant(ZoneOffset.UTC)));
        return fold(clauses);
    }

    /** Clauses stay whole; folding happens only between them. */
    private static String fold(List<String> clauses) {
        StringBuilder header = new StringBuilder("Received:");
        int lineLength = header.length();
        boolean lineEmpty = true;
        for (String clause : clauses) {
            if (!lineEmpty && lineLength + 1 + clause.length() > FOLD_AT) {
                header.append("\r\n\t").append(clause);
                lineLength = 1 + clause.length();
            } else {
                header.append(' ').append(clause);
                lineLength += 1 + clause.length();
            }
            lineEmpty = false;
        }
        return header.append("\r\n").toString();
    }

    static String addressLiteral(InetAddress address) {
        String text = address.getHostAddress();
        int scope = text.indexOf('%');
        if (scope >= 0) {
            text = text.substring(0, scope);
        }
        return address instanceof Inet6Address ? "[IPv6:" + text + "]" : "[" + text + "]";
    }
}
