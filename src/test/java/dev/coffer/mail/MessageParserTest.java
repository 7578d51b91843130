package dev.coffer.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MessageParserTest {

    private final MessageParser parser = new MessageParser(MessageLimits.withMimeDepth(3));

    @Test
    void picksTheTopLevelFieldsKeptOutsideTheEncryption() throws Exception {
        TopLevelHeaders headers = parser.parse(bytes("""
                From: Bob <bob@example.net>\r
                To: alice@example.org,\r
                 carol@example.org\r
                Subject: secret\r
                Message-ID: <1@example.net>\r
                References: <0@example.net>\r
                Date: Sat, 28 Nov 2026 10:00:00 +0000\r
                \r
                body\r
                """));

        assertThat(headers.from()).isEqualTo("Bob <bob@example.net>");
        assertThat(headers.to()).isEqualTo("alice@example.org, carol@example.org");
        assertThat(headers.messageId()).isEqualTo("<1@example.net>");
        assertThat(headers.references()).isEqualTo("<0@example.net>");
        assertThat(headers.cc()).isNull();
    }

    @Test
    void ignoresFieldsOfNestedParts() throws Exception {
        TopLevelHeaders headers = parser.parse(bytes("""
                From: outer@example.net\r
                Content-Type: multipart/mixed; boundary=b\r
                \r
                --b\r
                Content-Type: message/rfc822\r
                \r
                From: inner@example.net\r
                Message-ID: <inner@example.net>\r
                \r
                hi\r
                --b--\r
                """));

        assertThat(headers.from()).isEqualTo("outer@example.net");
        assertThat(headers.messageId()).isNull();
    }

    @Test
    void refusesMimeNestedTooDeep() {
        StringBuilder message = new StringBuilder("From: a@example.net\r\n");
        for (int level = 0; level < 5; level++) {
            message.append("Content-Type: multipart/mixed; boundary=b").append(level).append("\r\n\r\n--b")
                    .append(level).append("\r\n");
        }
        message.append("\r\ntext\r\n");

        assertThatThrownBy(() -> parser.parse(bytes(message.toString())))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("nested deeper than 3");
    }

    @Test
    void acceptsAMessageWithoutBody() throws Exception {
        assertThat(parser.parse(bytes("From: a@example.net\r\n")).from()).isEqualTo("a@example.net");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
