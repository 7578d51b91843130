package dev.coffer.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReceivedHeaderTest {

    private static final ZonedDateTime WHEN = ZonedDateTime.of(2025, 3, 4, 10, 5, 6, 0, ZoneId.of("Europe/Paris"));

    @Test
    void tracesTheClientAndTheServerInUtc() throws Exception {
        String header = ReceivedHeader.format("client.example", InetAddress.getByName("192.0.2.7"), "mx.coffer.test",
                "ESMTPS", "abc.1", List.of("alice@coffer.test"), WHEN);
        assertThat(header).isEqualTo("Received: from client.example ([192.0.2.7]) by mx.coffer.test (Coffer)\r\n"
                + "\twith ESMTPS id abc.1 for <alice@coffer.test>; Tue, 4 Mar 2025 09:05:06 +0000\r\n");
    }

    @Test
    void foldsLongHeadersBelow78CharactersAndNamesIpv6Literals() throws Exception {
        String header = ReceivedHeader.format("a-rather-long-client-name.mail.example.org", InetAddress.getByName("2001:db8::1"),
                "mx1.a-rather-long-hosting-domain.example", "UTF8SMTPS", "0123456789ab.12", List.of("a@x.test", "b@x.test"), WHEN);
        assertThat(header).contains("([IPv6:2001:db8:0:0:0:0:0:1])").doesNotContain("for <").endsWith("+0000\r\n");
        assertThat(header.split("\r\n")).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(78));
        assertThat(header.split("\r\n")).hasSizeGreaterThan(1);
    }

    @Test
    void namesTheProtocolPerRfc3848AndRfc6531() {
        assertThat(ReceivedHeader.protocol(false, false, false)).isEqualTo("SMTP");
        assertThat(ReceivedHeader.protocol(true, false, false)).isEqualTo("ESMTP");
        assertThat(ReceivedHeader.protocol(true, true, false)).isEqualTo("ESMTPS");
        assertThat(ReceivedHeader.protocol(true, false, true)).isEqualTo("UTF8SMTP");
        assertThat(ReceivedHeader.protocol(true, true, true)).isEqualTo("UTF8SMTPS");
    }

    @Test
    void tracesSubmittedMailWithoutTheClient() {
        String header = ReceivedHeader.submitted("smtp.coffer.test", ReceivedHeader.submissionProtocol(false), "abc.1", WHEN);
        assertThat(header).isEqualTo("Received: by smtp.coffer.test (Coffer) with ESMTPSA id abc.1;\r\n"
                + "\tTue, 4 Mar 2025 09:05:06 +0000\r\n");
        assertThat(ReceivedHeader.submissionProtocol(true)).isEqualTo("UTF8SMTPSA");
    }
}
