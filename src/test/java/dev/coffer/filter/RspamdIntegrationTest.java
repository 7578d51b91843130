package dev.coffer.filter;

import static dev.coffer.filter.Inputs.HEADERS;
import static dev.coffer.filter.Inputs.input;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RspamdFilter against a real Rspamd (Debian rspamd) started for this class with a minimal configuration. */
class RspamdIntegrationTest {

    @TempDir
    static Path dir;
    private static PrivateRspamd rspamd;
    private static MessageFilter filter;

    @BeforeAll
    static void startRspamd() throws Exception {
        rspamd = PrivateRspamd.start(dir);
        System.out.println("rspamd ready after " + rspamd.startup.toMillis() + " ms");
        filter = new RspamdFilter(URI.create(rspamd.url()), true);
    }

    @AfterAll
    static void stopRspamd() throws Exception {
        if (rspamd != null) {
            rspamd.close();
        }
    }

    @Test
    void filesRspamdsAddHeaderGtubeInJunk() {
        FilterVerdict verdict = filter.check(input(HEADERS + "\r\nTest.\r\n" + PrivateRspamd.GTUBE_ADD_HEADER + "\r\n"));

        assertThat(verdict).isInstanceOfSatisfying(FilterVerdict.Junk.class,
                junk -> assertThat(junk.reasons()).contains("GTUBE"));
    }

    @Test
    void refusesStandardGtubeBecauseRspamdAnswersReject() {
        FilterVerdict verdict = filter.check(input(HEADERS + "\r\nTest.\r\n" + ContentRules.GTUBE + "\r\n"));

        assertThat(verdict).isEqualTo(new FilterVerdict.Reject(550, "5.7.1", "Message refused as spam by the content filter"));
    }

    @Test
    void acceptsACleanMessage() {
        assertThat(filter.check(Inputs.clean())).isInstanceOfSatisfying(FilterVerdict.Accept.class,
                accept -> assertThat(accept.reasons()).first().asString().startsWith("rspamd: no action"));
    }

    @Test
    void tempfailsOnceRspamdIsStopped(@TempDir Path own) throws Exception {
        MessageFilter required;
        MessageFilter optional;
        try (PrivateRspamd stopped = PrivateRspamd.start(own)) {
            required = new RspamdFilter(URI.create(stopped.url()), true);
            optional = new RspamdFilter(URI.create(stopped.url()), false);
            assertThat(required.check(Inputs.clean())).isInstanceOf(FilterVerdict.Accept.class);
        }

        assertThat(required.check(Inputs.clean()))
                .isEqualTo(new FilterVerdict.TempFail("4.7.1", "Content filter unavailable, try again later"));
        assertThat(optional.check(Inputs.clean()))
                .isEqualTo(new FilterVerdict.Accept(0, List.of("rspamd unavailable: unreachable")));
    }
}
