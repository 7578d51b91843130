package dev.coffer.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ClamdFilter against a fake clamd: the INSTREAM framing and each answer clamd can give. */
class ClamdFilterTest {

    @TempDir
    Path dir;

    private static FilterInput bigMessage(int size) {
        byte[] message = new byte[size];
        for (int i = 0; i < size; i++) {
            message[i] = (byte) ('a' + i % 26);
        }
        return new FilterInput(Inputs.origin(Inputs.CLIENT), Inputs.passing(), List.of("bob@coffer.test"), message);
    }

    @Test
    void streamsTheWholeMessageInChunksAfterZInstream() throws IOException {
        try (FakeClamd clamd = FakeClamd.tcp()) {
            FilterInput input = bigMessage(3 * ClamdFilter.CHUNK_SIZE + 17);

            FilterVerdict verdict = new ClamdFilter(clamd.address(), true).check(input);

            assertThat(verdict).isEqualTo(new FilterVerdict.Accept(0, List.of()));
            assertThat(clamd.command).isEqualTo("zINSTREAM\0");
            assertThat(clamd.streamed()).isEqualTo(input.message());
        }
    }

    @Test
    void refusesAMessageWithAVirus() throws IOException {
        try (FakeClamd clamd = FakeClamd.tcp().answering("stream: Win.Test.EICAR_HDB-1 FOUND")) {
            assertThat(new ClamdFilter(clamd.address(), false).check(Inputs.clean()))
                    .isEqualTo(new FilterVerdict.Reject(554, "5.7.1", "Virus found: Win.Test.EICAR_HDB-1"));
        }
    }

    @Test
    void speaksOverAUnixSocket() throws IOException {
        try (FakeClamd clamd = FakeClamd.unix(dir.resolve("clamd.sock")).answering("stream: Eicar-Signature FOUND")) {
            assertThat(clamd.address().family()).isEqualTo(StandardProtocolFamily.UNIX);
            assertThat(new ClamdFilter(clamd.address(), true).check(Inputs.clean()))
                    .isEqualTo(new FilterVerdict.Reject(554, "5.7.1", "Virus found: Eicar-Signature"));
        }
    }

    @Test
    void anErrorReplyTempfailsWhenRequiredAndDeliversWhenNot() throws IOException {
        try (FakeClamd clamd = FakeClamd.tcp().answering("stream: Can't allocate memory ERROR")) {
            assertThat(new ClamdFilter(clamd.address(), true).check(Inputs.clean()))
                    .isEqualTo(new FilterVerdict.TempFail("4.7.1", "Virus scanner unavailable, try again later"));
            assertThat(new ClamdFilter(clamd.address(), false).check(Inputs.clean()))
                    .isEqualTo(new FilterVerdict.Accept(0, List.of("clamd unavailable: error")));
        }
    }

    @Test
    void aMessageBeyondStreamMaxLengthIsRefusedWhenRequiredAndDeliveredWhenNot() throws IOException {
        try (FakeClamd clamd = FakeClamd.tcp().limitedTo(100_000)) {
            FilterInput big = bigMessage(4 * ClamdFilter.CHUNK_SIZE);

            assertThat(new ClamdFilter(clamd.address(), true).check(big))
                    .isEqualTo(new FilterVerdict.Reject(552, "5.3.4", "Message too large to be scanned for viruses"));
            assertThat(new ClamdFilter(clamd.address(), false).check(big))
                    .isEqualTo(new FilterVerdict.Accept(0, List.of("too large for clamd")));
        }
    }

    @Test
    void aScannerThatIsDownTempfailsWhenRequiredAndDeliversWhenNot() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        ClamdAddress nowhere = ClamdAddress.parse("127.0.0.1:" + closedPort);

        assertThat(new ClamdFilter(nowhere, true).check(Inputs.clean())).isInstanceOf(FilterVerdict.TempFail.class);
        assertThat(new ClamdFilter(nowhere, false).check(Inputs.clean()))
                .isEqualTo(new FilterVerdict.Accept(0, List.of("clamd unavailable: unreachable")));
        assertThat(new ClamdFilter(ClamdAddress.parse(dir.resolve("missing.sock").toString()), true)
                .check(Inputs.clean())).isInstanceOf(FilterVerdict.TempFail.class);
    }

    @Test
    void aSilentScannerIsGivenUpOnAtTheDeadline() throws IOException {
        try (FakeClamd clamd = FakeClamd.tcp().silent()) {
            long start = System.nanoTime();

            FilterVerdict verdict = new ClamdFilter(clamd.address(), true, Duration.ofSeconds(1)).check(Inputs.clean());

            assertThat(verdict).isInstanceOf(FilterVerdict.TempFail.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void parsesTheConfiguredAddress() {
        assertThat(ClamdAddress.parse("127.0.0.1:3310").family()).isEqualTo(StandardProtocolFamily.INET);
        assertThat(ClamdAddress.parse("[::1]:3310").family()).isEqualTo(StandardProtocolFamily.INET6);
        assertThat(ClamdAddress.parse("/run/clamav/clamd.ctl").family()).isEqualTo(StandardProtocolFamily.UNIX);
        assertThatThrownBy(() -> ClamdAddress.parse("localhost")).hasMessageContaining("filter.clamd");
        assertThatThrownBy(() -> ClamdAddress.parse("127.0.0.1:99999")).hasMessageContaining("out of range");
    }
}
