package dev.coffer.mail;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The message an aggregate report travels in (DMARC, RFC 7489 §7.2.1.1; TLS-RPT, RFC 8460 §5.3):
 * the Subject both RFCs prescribe, a short text part, and the gzipped report as a base64
 * attachment. Machine-made, so marked {@code Auto-Submitted} (RFC 3834 §5).
 *
 * @param reportId     the Report-ID, without angle brackets
 * @param extraFields  header fields of the report type, each "Name: value"
 * @param contentType  the top-level type with its parameters but the boundary, e.g. {@code multipart/mixed}
 * @param text         the text part, lines ending in CRLF
 * @param mediaType    the attachment's media type
 */
public record ReportMessage(String from, String to, String domain, String submitter, String reportId,
                            List<String> extraFields, String contentType, String text, String mediaType,
                            String filename, byte[] gzipped) {

    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    public ReportMessage {
        extraFields = List.copyOf(extraFields);
    }

    public byte[] format(Instant date) {
        byte[] random = new byte[12];
        RANDOM.nextBytes(random);
        String boundary = "=_report_" + HexFormat.of().formatHex(random);
        StringBuilder m = new StringBuilder();
        m.append("From: ").append(from).append("\r\n");
        m.append("To: ").append(to).append("\r\n");
        // RFC 7489 §7.2.1.1 and RFC 8460 §5.3: the same Subject, folded at FWS as their examples are
        m.append("Subject: Report Domain: ").append(domain).append("\r\n")
                .append(" Submitter: ").append(submitter).append("\r\n")
                .append(" Report-ID: <").append(reportId).append(">\r\n");
        m.append("Date: ").append(DATE.format(date)).append("\r\n");
        m.append("Message-ID: <").append(UUID.randomUUID()).append("@").append(submitter).append(">\r\n");
        m.append("Auto-Submitted: auto-generated\r\n");
        for (String field : extraFields) {
            m.append(field).append("\r\n");
        }
        m.append("MIME-Version: 1.0\r\n");
        m.append("Content-Type: ").append(contentType).append(";\r\n")
                .append(" boundary=\"").append(boundary).append("\"\r\n");
        m.append("\r\n");
        m.append("This is a multipart message in MIME format.\r\n\r\n");
        m.append("--").append(boundary).append("\r\n");
        m.append("Content-Type: text/plain; charset=\"us-ascii\"\r\n");
        m.append("Content-Transfer-Encoding: 7bit\r\n\r\n");
        m.append(text).append("\r\n");
        m.append("--").append(boundary).append("\r\n");
        m.append("Content-Type: ").append(mediaType).append("\r\n");
        m.append("Content-Transfer-Encoding: base64\r\n");
        m.append("Content-Disposition: attachment;\r\n")
                .append(" filename=\"").append(filename).append("\"\r\n\r\n");
        // RFC 2045 §6.8: base64 lines of at most 76 characters
        m.append(Base64.getMimeEncoder().encodeToString(gzipped)).append("\r\n\r\n");
        m.append("--").append(boundary).append("--\r\n");
        return m.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
