package dev.coffer.filter.sieve;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/** A standing vacation notice as the vacation command it stands for (RFC 5230 §4 with :mime). */
final class StandingVacationReply {

    static final String DEFAULT_TEXT = "This is an automatic reply: your message has arrived and will be read later.";

    private StandingVacationReply() {}

    static SieveCommand.Vacation command(StandingVacation.Notice notice) {
        String text = notice.textBody() != null ? notice.textBody()
                : notice.htmlBody() != null ? plainText(notice.htmlBody()) : DEFAULT_TEXT;
        String entity = notice.htmlBody() == null ? part("text/plain", text) : alternative(text, notice.htmlBody());
        // RFC 5230 §4.2: the handle tells this reply from others; a changed text answers everyone anew
        String handle = "jmap-vacation\0" + notice.subject().orElse("") + "\0" + text + "\0"
                + Optional.ofNullable(notice.htmlBody()).orElse("");
        return new SieveCommand.Vacation(notice.days(), notice.subject(), Optional.empty(), List.of(), true,
                Optional.of(handle), entity);
    }

    /** RFC 2046 §5.1.4: plain text first, HTML last (the richer form the reader prefers). */
    private static String alternative(String text, String html) {
        String boundary = "=_vacation_" + Integer.toHexString((text + html).hashCode());
        return "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n\r\n"
                + "--" + boundary + "\r\n" + part("text/plain", text)
                + "--" + boundary + "\r\n" + part("text/html", html)
                + "--" + boundary + "--\r\n";
    }

    private static String part(String type, String content) {
        return "Content-Type: " + type + "; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(content.getBytes(StandardCharsets.UTF_8)) + "\r\n";
    }

    /** RFC 8621 §8: without a textBody the server makes one from the htmlBody. */
    static String plainText(String html) {
        return html.replaceAll("(?is)<(script|style)[^>]*>.*?</\\1>", "")
                .replaceAll("(?i)<br\\s*/?>|</p>|</div>", "\n")
                .replaceAll("<[^>]*>", "")
                .replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#39;", "'").replace("&amp;", "&")
                .strip();
    }
}
