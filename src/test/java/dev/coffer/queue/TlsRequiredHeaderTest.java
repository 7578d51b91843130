package dev.coffer.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TlsRequiredHeaderTest {

    @Test
    void readsNoInAnyCase() {
        assertThat(TlsRequiredHeader.saysNo(bytes("From: a@b\r\ntls-required:  NO \r\n\r\nbody\r\n"))).isTrue();
    }

    @Test
    void ignoresTheFieldInTheBody() {
        assertThat(TlsRequiredHeader.saysNo(bytes("From: a@b\r\n\r\nTLS-Required: No\r\n"))).isFalse();
    }

    @Test
    void anyOtherValueKeepsThePolicy() {
        assertThat(TlsRequiredHeader.saysNo(bytes("TLS-Required: Yes\r\n\r\n"))).isFalse();
        assertThat(TlsRequiredHeader.saysNo(bytes("Subject: x\r\n\r\n"))).isFalse();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
