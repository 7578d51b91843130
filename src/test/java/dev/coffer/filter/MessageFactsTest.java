package dev.coffer.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MessageFactsTest {

    private static final Pattern FOLD = Pattern.compile("\r?\n(?=[ \t])");

    @Test
    void unfoldsTopLevelFieldsAndKeepsTheFirstOccurrence() {
        byte[] message = ("Subject: a long\r\n\tsubject\r\nReceived: from a\r\n by b\r\nReceived: from c\r\n"
                + "\r\nbody\r\n").getBytes(StandardCharsets.UTF_8);
        MessageFacts facts = MessageFacts.of(message);
        assertThat(facts.header("Subject")).hasValue("a long\tsubject");
        assertThat(facts.header("received")).hasValue("from a by b");
    }

    @Test
    void unfoldsExactlyAsTheRfc5322FoldPatternDoes() {
        char[] pieces = {'\r', '\n', ' ', '\t', 'a', ':'};
        Random random = new Random(5322);
        for (int i = 0; i < 100_000; i++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(12);
            for (int j = 0; j < length; j++) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            String value = text.toString();
            assertThat(MessageFacts.unfolded(value)).as("[%s]", value.replace("\r", "\\r").replace("\n", "\\n"))
                    .isEqualTo(FOLD.matcher(value).replaceAll(""));
        }
    }
}
