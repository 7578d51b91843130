package dev.coffer.queue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Builds a delivery status notification: an RFC 6522 {@code multipart/report} with
 * {@code report-type=delivery-status}, a human-readable part, the RFC 3464
 * {@code message/delivery-status} part, and the original message's header only
 * ({@code text/rfc822-headers}): the body stays out of bounces, which matters for
 * REQUIRETLS messages (RFC 8689 §5) and costs nothing for the others.
 */
public final class DeliveryStatusNotification {

    /** RFC 3464 §2.3.3 actions this queue reports. */
    public enum Action { FAILED, DELAYED }

    /**
     * One per-recipient block (RFC 3464 §2.3).
     *
     * @param status     the RFC 3463 status code
     * @param diagnostic the remote reply as {@code smtp; 550 …}, or our own reason as plain text
     * @param remoteMta  the MX host that gave the result, or null
     */
    public record Recipient(String address, Action action, String status, String diagnostic, String remoteMta,
                            Instant lastAttempt) {}

    /**
     * What the report is about.
     *
     * @param envelopeId RFC 3461 ENVID, or null
     * @param willRetryUntil for delay warnings, when the queue gives up; null otherwise
     */
    public record Report(String reportingMta, String envelopeId, Instant arrivalDate, Instant willRetryUntil,
                         List<Recipient> recipients, byte[] originalMessage) {
        public Report {
            recipients = List.copyOf(recipients);
        }
    }

    private static final DateTimeFormatter RFC5322 =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    private DeliveryStatusNotification() {}

    /** The complete DSN message addressed to {@code to}, dated {@code now}. */
    public static byte[] build(Report report, String to, Instant now) {
        String boundary = "coffer-dsn-" + random(12);
        boolean delayed = report.recipients().stream().allMatch(recipient -> recipient.action() == Action.DELAYED);
        StringBuilder out = new StringBuilder();
        header(out, "From", "Mail Delivery System <MAILER-DAEMON@" + report.reportingMta() + ">");
        header(out, "To", "<" + to + ">");
        header(out, "Subject", delayed ? "Delayed Mail (still being retried)" : "Undelivered Mail Returned to Sender");
        header(out, "Date", RFC5322.format(now));
        header(out, "Message-ID", "<" + random(16) + "@" + report.reportingMta() + ">");
        // RFC 3834 §5: a DSN is an automatic response; it must not trigger auto-replies itself
        header(out, "Auto-Submitted", "auto-replied");
        header(out, "MIME-Version", "1.0");
        header(out, "Content-Type", "multipart/report; report-type=delivery-status;\r\n\tboundary=\"" + boundary + "\"");
        out.append("\r\n");
        out.append("This is a MIME-encapsulated message.\r\n\r\n");

        // RFC 6522 §3: the first part is for people
        out.append("--").append(boundary).append("\r\n");
        out.append("Content-Type: text/plain; charset=utf-8\r\n");
        out.append("Content-Transfer-Encoding: 8bit\r\n\r\n");
        out.append(humanReadable(report, delayed));

        // RFC 3464 §2: per-message fields, then one block per recipient
        out.append("--").append(boundary).append("\r\n");
        out.append("Content-Type: message/delivery-status\r\n\r\n");
        field(out, "Reporting-MTA", "dns; " + report.reportingMta());
        if (report.envelopeId() != null) {
            field(out, "Original-Envelope-Id", report.envelopeId());
        }
        field(out, "Arrival-Date", RFC5322.format(report.arrivalDate()));
        for (Recipient recipient : report.recipients()) {
            out.append("\r\n");
            field(out, "Final-Recipient", addressType(recipient.address()) + "; " + recipient.address());
            field(out, "Action", recipient.action().name().toLowerCase(Locale.ROOT));
            field(out, "Status", recipient.status());
            if (recipient.remoteMta() != null) {
                field(out, "Remote-MTA", "dns; " + recipient.remoteMta());
            }
            if (recipient.diagnostic() != null) {
                // RFC 3464 §2.3.6: diagnostic-type ";" text; our own reasons use an X- type
                field(out, "Diagnostic-Code", recipient.diagnostic().startsWith("smtp; ")
                        ? recipient.diagnostic() : "X-Coffer; " + recipient.diagnostic());
            }
            if (recipient.lastAttempt() != null) {
                field(out, "Last-Attempt-Date", RFC5322.format(recipient.lastAttempt()));
            }
            if (recipient.action() == Action.DELAYED && report.willRetryUntil() != null) {
                field(out, "Will-Retry-Until", RFC5322.format(report.willRetryUntil()));
            }
        }
        out.append("\r\n");

        // RFC 6522 §3: the optional third part; headers only
        out.append("--").append(boundary).append("\r\n");
        out.append("Content-Type: text/rfc822-headers\r\n\r\n");
        out.append(headerBlock(report.originalMessage()));
        out.append("--").append(boundary).append("--\r\n");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String humanReadable(Report report, boolean delayed) {
        StringBuilder text = new StringBuilder();
        text.append("This is the mail system at ").append(report.reportingMta()).append(".\r\n\r\n");
        if (delayed) {
            text.append("Your message could not be delivered yet to the recipients below.\r\n")
                    .append("It will be retried");
            if (report.willRetryUntil() != null) {
                text.append(" until ").append(RFC5322.format(report.willRetryUntil()));
            }
            text.append("; you do not need to send it again.\r\n\r\n");
        } else {
            text.append("Your message could not be delivered to the recipients below.\r\n\r\n");
        }
        for (Recipient recipient : report.recipients()) {
            text.append("<").append(recipient.address()).append(">: ")
                    .append(oneLine(recipient.diagnostic() == null ? recipient.status() : recipient.diagnostic()))
                    .append("\r\n");
        }
        text.append("\r\n");
        return text.toString();
    }

    /** The original message's header section, ending with its CRLF (RFC 5322 §2.1). */
    static String headerBlock(byte[] message) {
        String text = new String(message, StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        String header = end >= 0 ? text.substring(0, end + 2) : text;
        return header.endsWith("\r\n") ? header : header + "\r\n";
    }

    private static String addressType(String address) {
        // RFC 6533 §3: non-ASCII addresses are of type utf-8
        return address.chars().allMatch(c -> c < 0x80) ? "rfc822" : "utf-8";
    }

    private static void header(StringBuilder out, String name, String value) {
        out.append(name).append(": ").append(value).append("\r\n");
    }

    /** A delivery-status field: one line, US-ASCII (RFC 3464 §2.1.1). */
    private static void field(StringBuilder out, String name, String value) {
        StringBuilder ascii = new StringBuilder();
        oneLine(value).codePoints().forEach(c -> ascii.appendCodePoint(c < 0x80 ? c : '?'));
        out.append(name).append(": ").append(ascii).append("\r\n");
    }

    private static String oneLine(String text) {
        return text.replaceAll("[\\r\\n\\t]+", " ").strip();
    }

    private static String random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return HexFormat.of().formatHex(value);
    }
}
