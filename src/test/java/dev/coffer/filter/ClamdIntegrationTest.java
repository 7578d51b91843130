package dev.coffer.filter;

import static dev.coffer.filter.Inputs.HEADERS;
import static dev.coffer.filter.Inputs.input;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ClamdFilter against a real clamd (Debian clamav-daemon) started for this class with a one-signature database. */
class ClamdIntegrationTest {

    private static final String FOUND = "Virus found: " + PrivateClamd.SIGNATURE + ".UNOFFICIAL";

    @TempDir
    static Path dir;
    private static PrivateClamd clamd;
    private static MessageFilter filter;

    @BeforeAll
    static void startClamd() throws Exception {
        clamd = PrivateClamd.start(dir);
        System.out.println("clamd ready after " + clamd.startup.toMillis() + " ms");
        filter = new ClamdFilter(ClamdAddress.parse(clamd.address()), true);
    }

    @AfterAll
    static void stopClamd() throws Exception {
        if (clamd != null) {
            clamd.close();
        }
    }

    @Test
    void refusesEicarInAnAttachment() {
        String encoded = Base64.getMimeEncoder().encodeToString(Inputs.EICAR.getBytes(StandardCharsets.US_ASCII));
        String message = HEADERS + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
                + "--b\r\nContent-Type: text/plain\r\n\r\nThe file you asked for.\r\n"
                + "--b\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n"
                + "Content-Disposition: attachment; filename=\"eicar.com\"\r\n\r\n" + encoded + "\r\n--b--\r\n";

        assertThat(filter.check(input(message))).isEqualTo(new FilterVerdict.Reject(554, "5.7.1", FOUND));
    }

    @Test
    void refusesEicarInThePlainBody() {
        assertThat(filter.check(input(HEADERS + "\r\n" + Inputs.EICAR + "\r\n")))
                .isEqualTo(new FilterVerdict.Reject(554, "5.7.1", FOUND));
    }

    @Test
    void acceptsACleanMessage() {
        assertThat(filter.check(Inputs.clean())).isEqualTo(new FilterVerdict.Accept(0, List.of()));
    }

    @Test
    void refusesAMessageLargerThanStreamMaxLengthWhenRequired() {
        String body = ("x".repeat(998) + "\r\n").repeat(1100);

        assertThat(filter.check(input(HEADERS + "\r\n" + body)))
                .isEqualTo(new FilterVerdict.Reject(552, "5.3.4", "Message too large to be scanned for viruses"));
    }

    @Test
    void tempfailsOnceClamdIsStopped(@TempDir Path own) throws Exception {
        MessageFilter required;
        MessageFilter optional;
        try (PrivateClamd stopped = PrivateClamd.start(own)) {
            required = new ClamdFilter(ClamdAddress.parse(stopped.address()), true);
            optional = new ClamdFilter(ClamdAddress.parse(stopped.address()), false);
            assertThat(required.check(Inputs.clean())).isInstanceOf(FilterVerdict.Accept.class);
        }

        assertThat(required.check(Inputs.clean()))
                .isEqualTo(new FilterVerdict.TempFail("4.7.1", "Virus scanner unavailable, try again later"));
        assertThat(optional.check(Inputs.clean()))
                .isEqualTo(new FilterVerdict.Accept(0, List.of("clamd unavailable: unreachable")));
    }
}
