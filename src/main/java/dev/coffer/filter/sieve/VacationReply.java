package dev.coffer.filter.sieve;

import dev.coffer.store.Account;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.UUID;
import org.apache.james.mime4j.codec.EncoderUtil;

/** The text of a vacation reply (RFC 5230 §5, RFC 3834 §3). */
final class VacationReply {

    private VacationReply() {}

    static byte[] format(SieveMessage original, SieveCommand.Vacation vacation, String from, String to,
                         Account account, Instant now) {
        String domain = account.address().substring(account.address().lastIndexOf('@') + 1);
        StringBuilder reply = new StringBuilder();
        header(reply, "From", "<" + from + ">");
        header(reply, "To", "<" + to + ">");
        // RFC 5230 §5.2: the default subject is the original one with a prefix such as "Auto:"
        String subject = vacation.subject().orElseGet(() -> "Auto: " + original.first("Subject"));
        header(reply, "Subject", encoded(VacationResponder.oneLine(subject)));
        header(reply, "Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(now.atZone(ZoneOffset.UTC)));
        header(reply, "Message-ID", "<" + UUID.randomUUID() + "@" + domain + ">");
        // RFC 5230 §5.8: In-Reply-To and References point at the original
        String messageId = original.raw("Message-ID").stream().findFirst().map(VacationResponder::oneLine).orElse("");
        if (!messageId.isEmpty()) {
            header(reply, "In-Reply-To", messageId);
            String references = original.raw("References").stream().findFirst().map(VacationResponder::oneLine).orElse("");
            header(reply, "References", references.isEmpty() ? messageId : references + " " + messageId);
        }
        // RFC 5230 §5.1 with RFC 3834 §5
        header(reply, "Auto-Submitted", "auto-replied");
        header(reply, "MIME-Version", "1.0");
        String reason = vacation.reason().replaceAll("\r?\n", "\r\n");
        if (vacation.mime()) {
            // RFC 5230 §4.4: with :mime the reason is a MIME entity, header fields included
            reply.append(reason.startsWith("\r\n") ? reason.substring(2) : reason);
        } else if (reason.chars().allMatch(c -> c < 0x80) && reason.lines().allMatch(line -> line.length() <= 998)) {
            header(reply, "Content-Type", "text/plain; charset=us-ascii");
            header(reply, "Content-Transfer-Encoding", "7bit");
            reply.append("\r\n").append(reason);
        } else {
            header(reply, "Content-Type", "text/plain; charset=utf-8");
            header(reply, "Content-Transfer-Encoding", "base64");
            reply.append("\r\n").append(Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(reason.getBytes(StandardCharsets.UTF_8)));
        }
        if (reply.charAt(reply.length() - 1) != '\n') {
            reply.append("\r\n");
        }
        return reply.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** RFC 2047 encoded words in UTF-8 where the text is not plain ASCII. */
    private static String encoded(String text) {
        if (!EncoderUtil.hasToBeEncoded(text, 9)) {
            return text;
        }
        return EncoderUtil.encodeEncodedWord(text, EncoderUtil.Usage.TEXT_TOKEN, 9, StandardCharsets.UTF_8, EncoderUtil.Encoding.Q);
    }

    private static void header(StringBuilder reply, String name, String value) {
        reply.append(name).append(": ").append(value).append("\r\n");
    }
}
