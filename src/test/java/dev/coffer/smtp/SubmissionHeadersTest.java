package dev.coffer.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubmissionHeadersTest {

    private static String strip(String message, boolean stripUserAgent) {
        return new String(SubmissionHeaders.stripClientTrace(message.getBytes(StandardCharsets.UTF_8), stripUserAgent),
                StandardCharsets.UTF_8);
    }

    private static SubmissionHeaders.Authors authors(String message) {
        return SubmissionHeaders.authors(SubmissionHeaders.Header.of(message.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void removesEveryClientTraceFieldWithItsContinuationLines() {
        String message = "Received: from laptop.home ([192.0.2.7])\r\n\tby relay.home;\r\n Mon, 2 Mar 2026 10:00:00 +0000\r\n"
                + "From: alice@example.org\r\n"
                + "X-Originating-IP: [192.0.2.7]\r\n"
                + "Subject: hi\r\n"
                + "X-FORWARDED-FOR: 192.0.2.7, 198.51.100.1\r\n"
                + "x-real-ip: 192.0.2.7\r\n"
                + "X-Client-IP:\r\n 192.0.2.7\r\n"
                + "received: from another.hop\r\n"
                + "\r\n"
                + "Received: in the body stays\r\n";
        assertThat(strip(message, false)).isEqualTo("From: alice@example.org\r\nSubject: hi\r\n\r\nReceived: in the body stays\r\n");
    }

    @Test
    void keepsUserAgentUnlessAskedToRemoveIt() {
        String message = "From: alice@example.org\r\nUser-Agent: Thunderbird 140.1\r\nX-Mailer: mutt\r\n\tfolded\r\nSubject: hi\r\n\r\nbody\r\n";
        assertThat(strip(message, false)).isEqualTo(message);
        assertThat(strip(message, true)).isEqualTo("From: alice@example.org\r\nSubject: hi\r\n\r\nbody\r\n");
    }

    @Test
    void aMessageThatIsOnlyAHeaderIsStrippedToTheEnd() {
        assertThat(strip("Subject: only\r\nReceived: from x\r\n", false)).isEqualTo("Subject: only\r\n");
        assertThat(strip("Subject: only\r\nReceived: from x", false)).isEqualTo("Subject: only\r\n");
        assertThat(strip("Received: from x\r\n", false)).isEmpty();
        assertThat(strip("", false)).isEmpty();
    }

    @Test
    void bareLineFeedsEndLinesAndTheHeaderToo() {
        String message = "Received: from laptop\n\tby relay\nSubject: lf\nX-Real-IP: 192.0.2.7\n\nbody\nReceived: stays\n";
        assertThat(strip(message, false)).isEqualTo("Subject: lf\n\nbody\nReceived: stays\n");
        // a mixed header: CRLF then LF, and an empty line ending in a bare LF
        assertThat(strip("Subject: mixed\r\nReceived: x\n\nbody", false)).isEqualTo("Subject: mixed\r\n\nbody");
    }

    @Test
    void fieldNamesAreMatchedWholeAndAllowObsoleteSpaceBeforeTheColon() {
        String message = "X-Received-By: kept\r\nReceived : obsolete form, removed\r\nReceivedX: kept\r\nnot a field\r\n\r\n";
        assertThat(strip(message, false)).isEqualTo("X-Received-By: kept\r\nReceivedX: kept\r\nnot a field\r\n\r\n");
    }

    @Test
    void readsTheAuthorsOfFromAndSender() {
        assertThat(authors("From: \"Alice, A.\" <alice@example.org>, bob@example.org\r\nSender: carol@example.org\r\n\r\n"))
                .isEqualTo(new SubmissionHeaders.Authors.Found(List.of("alice@example.org", "bob@example.org", "carol@example.org")));
        // RFC 6854: a group in From; folded; encoded-word display name
        assertThat(authors("From: =?UTF-8?Q?M=C3=BCller?= <m@example.org>,\r\n Team: a@example.org, b@example.org;\r\n\r\n"))
                .isEqualTo(new SubmissionHeaders.Authors.Found(List.of("m@example.org", "a@example.org", "b@example.org")));
        // RFC 6532: UTF-8 in the header
        assertThat(authors("From: Jürgen <jürgen@bücher.example>\n\n"))
                .isEqualTo(new SubmissionHeaders.Authors.Found(List.of("jürgen@bücher.example")));
    }

    @Test
    void refusesToGuessAtAuthors() {
        assertThat(authors("Subject: no author\r\n\r\nFrom: in the body\r\n")).isInstanceOf(SubmissionHeaders.Authors.Missing.class);
        assertThat(authors("From: a@example.org\r\nFrom: b@example.org\r\n\r\n")).isInstanceOf(SubmissionHeaders.Authors.Invalid.class);
        assertThat(authors("From: a@example.org\r\nSender: a@example.org\r\nSender: b@example.org\r\n\r\n"))
                .isInstanceOf(SubmissionHeaders.Authors.Invalid.class);
        // where readers may disagree about lines, nothing is guessed
        assertThat(authors("Subject: x\rFrom: ceo@example.org\r\nFrom: a@example.org\r\n\r\n"))
                .isInstanceOf(SubmissionHeaders.Authors.Invalid.class);
        assertThat(authors("From: a@example.org\r\nX: \0\r\n\r\n")).isInstanceOf(SubmissionHeaders.Authors.Invalid.class);
        // "CR CR LF" does not end the header: the From after it is checked
        assertThat(authors("From: a@example.org\r\n\r\r\nFrom: ceo@example.org\r\n\r\n"))
                .isInstanceOf(SubmissionHeaders.Authors.Invalid.class);
        for (String from : List.of("alice@example.org <bob@example.org>", "<a@example.org", "Undisclosed:;", "",
                "alice", "\"a@b\"@example.org")) {
            assertThat(authors("From: " + from + "\r\n\r\n")).as(from).isInstanceOf(SubmissionHeaders.Authors.Invalid.class);
        }
    }

    @Test
    void addsDateAndMessageIdOnlyWhenMissing() {
        ZonedDateTime now = ZonedDateTime.of(2026, 3, 2, 10, 0, 0, 0, ZoneOffset.ofHours(1));
        String complete = new String(SubmissionHeaders.completeHeader(
                "From: a@example.org\r\n\r\nbody\r\n".getBytes(StandardCharsets.UTF_8), "smtp.example", now), StandardCharsets.UTF_8);
        assertThat(complete).matches("From: a@example.org\r\nDate: Mon, 2 Mar 2026 09:00:00 \\+0000\r\n"
                + "Message-ID: <[0-9a-f-]{36}@smtp\\.example>\r\n\r\nbody\r\n");
        byte[] already = "Date: x\r\nMessage-id: <y>\r\n\r\n".getBytes(StandardCharsets.UTF_8);
        assertThat(SubmissionHeaders.completeHeader(already, "smtp.example", now)).isSameAs(already);
        String headerOnly = new String(SubmissionHeaders.completeHeader(
                "Message-ID: <y>".getBytes(StandardCharsets.UTF_8), "smtp.example", now), StandardCharsets.UTF_8);
        assertThat(headerOnly).isEqualTo("Message-ID: <y>\r\nDate: Mon, 2 Mar 2026 09:00:00 +0000\r\n");
    }
}
