package dev.coffer.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MboxWriterTest {

    @Test
    void writesASeparatorAndLfLineEnds() throws Exception {
        String mbox = write("Subject: hi\r\n\r\nbody\r\n");

        assertThat(mbox).isEqualTo("From bob@example.net Sat Nov 28 15:27:47 2026\nSubject: hi\n\nbody\n\n");
    }

    @Test
    void quotesFromLinesTheMboxrdWay() throws Exception {
        String mbox = write("Subject: q\r\n\r\nFrom here\r\n>From there\r\n>>From afar\r\nFromage\r\n");

        assertThat(mbox).contains("\n>From here\n>>From there\n>>>From afar\nFromage\n");
    }

    @Test
    void padsSingleDigitDaysLikeAsctime() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new MboxWriter(out).write(null, Instant.parse("2026-11-01T01:02:03Z"), "x\r\n".getBytes());

        assertThat(out.toString(StandardCharsets.US_ASCII)).startsWith("From MAILER-DAEMON Sun Nov  1 01:02:03 2026\n");
    }

    private static String write(String message) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new MboxWriter(out).write("bob@example.net", Instant.parse("2026-11-28T15:27:47Z"),
                message.getBytes(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }
}
