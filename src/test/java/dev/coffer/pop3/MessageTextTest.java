package dev.coffer.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MessageTextTest {

    private static final String MESSAGE = "From: a@example.org\r\nSubject: x\r\n\r\nline 1\r\n.line 2\r\nline 3\r\n";

    private static String all(String message) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MessageText.writeAll(message.getBytes(StandardCharsets.UTF_8), out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String top(String message, int lines) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MessageText.writeTop(message.getBytes(StandardCharsets.UTF_8), lines, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void byteStuffsLinesThatBeginWithADotAndEndsWithALoneDot() throws Exception {
        assertThat(all(MESSAGE)).isEqualTo(
                "From: a@example.org\r\nSubject: x\r\n\r\nline 1\r\n..line 2\r\nline 3\r\n.\r\n");
        assertThat(all(".\r\n..\r\n")).isEqualTo("..\r\n...\r\n.\r\n");
    }

    @Test
    void turnsBareLineFeedsAndAMissingFinalLineEndIntoCrlf() throws Exception {
        assertThat(all("a\nb\r\nc")).isEqualTo("a\r\nb\r\nc\r\n.\r\n");
    }

    @Test
    void anEmptyMessageIsJustTheTerminator() throws Exception {
        assertThat(all("")).isEqualTo(".\r\n");
    }

    @Test
    void topSendsTheHeaderTheBlankLineAndTheAskedBodyLines() throws Exception {
        assertThat(top(MESSAGE, 0)).isEqualTo("From: a@example.org\r\nSubject: x\r\n\r\n.\r\n");
        assertThat(top(MESSAGE, 2)).isEqualTo("From: a@example.org\r\nSubject: x\r\n\r\nline 1\r\n..line 2\r\n.\r\n");
        assertThat(top(MESSAGE, 100)).isEqualTo(all(MESSAGE));
    }

    @Test
    void topOfAMessageWithoutBodyIsTheWholeMessage() throws Exception {
        assertThat(top("Subject: only\r\n", 0)).isEqualTo("Subject: only\r\n.\r\n");
    }
}
