package dev.coffer.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HeaderProtectionTest {

    static Stream<Arguments> messages() {
        return Stream.of(
                Arguments.of("simple", "From: a@example.org\r\nTo: b@example.org\r\nSubject: Hi\r\n"
                        + "Content-Type: text/plain; charset=utf-8\r\n\r\nHello\r\n"),
                Arguments.of("folded Content-Type", "Subject: Hi\r\nContent-Type: multipart/alternative;\r\n"
                        + "\tboundary=\"b1\"\r\nX-After: 1\r\n\r\n--b1\r\nContent-Type: text/plain\r\n\r\nx\r\n--b1--\r\n"),
                Arguments.of("no Content-Type", "From: a@example.org\r\nSubject: Hi\r\n\r\nplain body\r\n"),
                Arguments.of("LF only", "From: a@example.org\nSubject: Hi\nContent-Type: text/plain\n\nbody\n"),
                Arguments.of("LF only, no Content-Type", "From: a@example.org\nSubject: Hi\n\nbody\n"),
                Arguments.of("8-bit headers", "From: Jörg <jörg@exämple.org>\r\nSubject: Grüße aus Köln\r\n"
                        + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nÄÖÜ\r\n"),
                Arguments.of("no body", "From: a@example.org\r\nContent-Type: text/plain\r\n\r\n"),
                Arguments.of("header block only", "From: a@example.org\r\nContent-Type: text/plain\r\n"),
                Arguments.of("header block only, no final line break", "From: a@example.org\r\nContent-Type: text/plain"),
                Arguments.of("header block only, no Content-Type", "Subject: x"),
                Arguments.of("empty message", ""),
                Arguments.of("body only", "\r\nno header at all\r\n"),
                Arguments.of("starts with a continuation line", " odd\r\nContent-Type: text/plain\r\n\r\nx"),
                Arguments.of("already has HP-Outer fields", "HP-Outer: From: x@y\r\nHP-Coffer-Added: none\r\n"
                        + "Content-Type: text/plain; hp=\"cipher\"\r\n\r\nx\r\n"),
                Arguments.of("lower-case content-type and second one", "content-type: text/html\r\n"
                        + "Content-Type: text/plain\r\n\r\n<p>x</p>"),
                Arguments.of("folded references", "From: a@example.org\r\nReferences: <1@x>\r\n <2@x>\r\n\t<3@x>\r\n"
                        + "Message-ID: <4@x>\r\nIn-Reply-To: <3@x>\r\nCc: c@example.org\r\nDate: Mon, 1 Jan 2024 00:00:00 +0000\r\n"
                        + "Content-Type: text/plain\r\n\r\nx\r\n"),
                Arguments.of("multipart with attachment", multipartWithAttachment()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    void unprotectGivesBackTheExactOriginal(String description, String message) {
        byte[] original = message.getBytes(StandardCharsets.UTF_8);
        assertThat(HeaderProtection.unprotect(HeaderProtection.protect(original))).isEqualTo(original);
    }

    @Test
    void roundTripsArbitraryBytes() {
        Random random = new Random(9788);
        byte[] alphabet = "ab:; \t\r\n-HPOuterContent-Type".getBytes(StandardCharsets.US_ASCII);
        for (int round = 0; round < 5000; round++) {
            byte[] message = new byte[random.nextInt(80)];
            for (int i = 0; i < message.length; i++) {
                message[i] = random.nextInt(4) == 0 ? (byte) random.nextInt(256) : alphabet[random.nextInt(alphabet.length)];
            }
            assertThat(HeaderProtection.unprotect(HeaderProtection.protect(message))).isEqualTo(message);
        }
    }

    @Test
    void marksTheExistingContentTypeWithHpCipherAndProtectedHeaders() {
        String protectedMessage = protect("Subject: Hi\r\nContent-Type: text/plain;\r\n charset=utf-8\r\n\r\nbody");
        assertThat(protectedMessage).contains("Content-Type: text/plain;\r\n charset=utf-8;\r\n hp=\"cipher\"; protected-headers=\"v1\"\r\n\r\nbody");
    }

    @Test
    void addsTheDefaultContentTypeWhenThereIsNone() {
        String protectedMessage = protect("Subject: Hi\r\n\r\nbody");
        assertThat(protectedMessage).contains("HP-Coffer-Added: content-type\r\n"
                + "Content-Type: text/plain; charset=us-ascii; hp=\"cipher\"; protected-headers=\"v1\"\r\nSubject: Hi\r\n\r\nbody");
    }

    @Test
    void recordsEveryExposedOuterFieldAsHpOuter() {
        String protectedMessage = protect("From: a@example.org\r\nTo: b@example.org\r\nX-Secret: s\r\n"
                + "Subject: Real subject\r\nMessage-ID: <1@x>\r\nContent-Type: text/plain\r\n\r\nbody");
        assertThat(protectedMessage).startsWith("HP-Outer: From: a@example.org\r\nHP-Outer: To: b@example.org\r\n"
                + "HP-Outer: Message-ID: <1@x>\r\nHP-Outer: Subject: [...]\r\nHP-Coffer-Added: none\r\n"
                + "From: a@example.org\r\n");
        assertThat(protectedMessage).doesNotContain("HP-Outer: X-Secret").contains("Subject: Real subject");
    }

    @Test
    void usesTheMessagesOwnLineBreaks() {
        String protectedMessage = protect("From: a@example.org\nContent-Type: text/plain\n\nbody\n");
        assertThat(protectedMessage).doesNotContain("\r");
    }

    @Test
    void rejectsAPayloadItDidNotWrite() {
        assertThatThrownBy(() -> HeaderProtection.unprotect("From: a\r\n\r\nx".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(MessageFormatException.class)
                .hasMessageContaining("not header-protected");
    }

    private static String protect(String message) {
        return new String(HeaderProtection.protect(message.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    private static String multipartWithAttachment() {
        return "From: a@example.org\r\nTo: b@example.org\r\nSubject: Report\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"outer\"\r\n\r\n"
                + "--outer\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nSee attached.\r\n"
                + "--outer\r\nContent-Type: application/pdf; name=\"r.pdf\"\r\nContent-Transfer-Encoding: base64\r\n"
                + "Content-Disposition: attachment; filename=\"r.pdf\"\r\n\r\nJVBERi0xLjQK\r\n--outer--\r\n";
    }
}
