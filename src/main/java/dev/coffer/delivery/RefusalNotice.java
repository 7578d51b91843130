package dev.coffer.delivery;

import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.UUID;

/**
 * The notice a sender gets when some recipients' Sieve scripts refused a message that others
 * accepted (RFC 5429 §2.1.1): plain text, from the null sender, marked as automatic (RFC 3834).
 * It names the recipients and their reasons, never the message's content.
 */
final class RefusalNotice {

    private RefusalNotice() {}

    static byte[] format(DeliveryJob job, Map<String, String> refusals) {
        String firstRecipient = refusals.keySet().iterator().next();
        String domain = firstRecipient.substring(firstRecipient.lastIndexOf('@') + 1);
        StringBuilder body = new StringBuilder("Your message was refused by the following recipients:\r\n\r\n");
        refusals.forEach((address, reason) ->
                body.append("  <").append(address).append(">: ").append(reason.replaceAll("[\\r\\n]+", " ")).append("\r\n"));
        String message = "From: Mail Delivery System <MAILER-DAEMON@" + domain + ">\r\n"
                + "To: <" + job.reversePath() + ">\r\n"
                + "Subject: Message refused\r\n"
                + "Date: " + DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now()) + "\r\n"
                + "Message-ID: <" + UUID.randomUUID() + "@" + domain + ">\r\n"
                + "Auto-Submitted: auto-replied\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n"
                + "Content-Transfer-Encoding: 8bit\r\n"
                + "\r\n"
                + body;
        return message.getBytes(StandardCharsets.UTF_8);
    }
}
