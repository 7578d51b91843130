package dev.coffer.mailauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.mailauth.arc.ArcResult;
import dev.coffer.mailauth.arc.ArcSealer;
import dev.coffer.mailauth.arc.ArcVerifier;
import dev.coffer.mailauth.dkim.DkimKeys;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Redirected mail leaves with an ARC set that carries this server's own results. */
class ArcForwardingTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"), ZoneOffset.UTC);
    private static final KeyPair KEY = DkimKeys.generateRsa();
    private static final ArcVerifier VERIFIER = new ArcVerifier((selector, domain) ->
            selector.equals("rsa") && domain.equals("coffer.test")
                    ? Optional.of(DkimKeys.dnsRecord(KEY.getPublic()))
                    : Optional.empty(), CLOCK);
    private static final String MESSAGE = "Authentication-Results: mx.coffer.test; spf=pass smtp.mailfrom=example.net;\r\n"
            + " dmarc=pass header.from=example.net\r\n"
            + "Authentication-Results: mx.elsewhere.example; dkim=pass\r\n"
            + "From: <bob@example.net>\r\nTo: <alice@coffer.test>\r\nSubject: hi\r\n"
            + "Date: Sat, 28 Nov 2026 12:00:00 +0000\r\nMessage-ID: <1@example.net>\r\n\r\nhello\r\n";

    private final ArcForwarding forwarding = new ArcForwarding(VERIFIER,
            () -> Optional.of(new ArcSealer("coffer.test", "rsa", KEY.getPrivate(), "mx.coffer.test", CLOCK)),
            "mx.coffer.test");

    @Test
    void sealsWithTheResultsThisServerRecorded() {
        byte[] sealed = forwarding.apply(MESSAGE.getBytes(StandardCharsets.UTF_8));

        String text = new String(sealed, StandardCharsets.UTF_8).replace("\r\n ", " ");
        assertThat(text).contains("ARC-Authentication-Results: i=1; mx.coffer.test; spf=pass smtp.mailfrom=example.net;"
                + " dmarc=pass header.from=example.net");
        assertThat(VERIFIER.verify(sealed).code()).isEqualTo(ArcResult.Code.PASS);
    }

    @Test
    void leavesTheMessageAloneWithoutAKey() {
        ArcForwarding keyless = new ArcForwarding(VERIFIER, Optional::empty, "mx.coffer.test");
        byte[] message = MESSAGE.getBytes(StandardCharsets.UTF_8);

        assertThat(keyless.apply(message)).isSameAs(message);
    }
}
