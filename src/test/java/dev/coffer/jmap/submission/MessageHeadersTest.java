package dev.coffer.jmap.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MessageHeadersTest {

    @Test
    void recipientsAreToCcAndBccWithoutDuplicates() throws Exception {
        MessageHeaders headers = MessageHeaders.parse(bytes("From: a@example.org\r\nTo: B <b@example.net>, c@example.net\r\n"
                + "Cc: C@example.net,\r\n d@example.net\r\nBcc: undisclosed: e@example.net;\r\n\r\nbody\r\n"));

        assertThat(headers.recipients()).containsExactly("b@example.net", "c@example.net", "d@example.net", "e@example.net");
        assertThat(headers.first("Sender")).isEmpty();
    }

    @Test
    void bccFieldsGoWithTheirContinuationLinesAndNothingElse() {
        String message = "From: a@example.org\r\nBcc: x@example.net,\r\n\ty@example.net\r\nTo: b@example.net\r\n"
                + "bcc: z@example.net\r\n\r\nBcc: this line is body\r\n";

        String sent = new String(MessageHeaders.withoutBcc(bytes(message)), StandardCharsets.UTF_8);

        assertThat(sent).isEqualTo("From: a@example.org\r\nTo: b@example.net\r\n\r\nBcc: this line is body\r\n");
    }

    @Test
    void anAddressFieldThatDoesNotParseIsAnError() throws Exception {
        MessageHeaders headers = MessageHeaders.parse(bytes("From: a@example.org\r\nTo: <<<\r\n\r\n"));

        assertThatThrownBy(headers::recipients).isInstanceOf(MessageHeaders.InvalidMessageException.class)
                .hasMessageContaining("To");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
