package dev.coffer.mailauth.dkim;

import static dev.coffer.mailauth.dkim.DkimFixtures.clockAt;
import static dev.coffer.mailauth.dkim.DkimFixtures.concat;
import static dev.coffer.mailauth.dkim.DkimFixtures.crlf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Sign, then verify: round trips, tampering, and each way a key or signature is refused. */
class DkimSignerVerifierTest {

    private static final long NOW = 1_760_000_000L;
    private static final String DOMAIN = "coffer.example";

    private static final String MESSAGE = """
            From: Alice <alice@coffer.example>
            To: Bob <bob@elsewhere.example>
            Cc: carol@elsewhere.example
            Subject: Lunch
            Date: Thu, 9 Oct 2025 10:00:00 +0000
            Message-ID: <lunch-1@coffer.example>
            MIME-Version: 1.0
            Content-Type: text/plain; charset=utf-8
            List-Id: <lunch.coffer.example>
            X-Mailer: not signed

            Noon at the usual place?

            Alice
            """;

    private static KeyPair ed25519;
    private static KeyPair rsa;

    @BeforeAll
    static void keys() {
        ed25519 = DkimKeys.generateEd25519();
        rsa = DkimKeys.generateRsa();
    }

    @ParameterizedTest
    @EnumSource(DkimAlgorithm.class)
    void signedMessageVerifies(DkimAlgorithm algorithm) {
        byte[] signed = sign(algorithm, crlf(MESSAGE));

        assertThat(verify(algorithm, signed)).containsExactly(
                new DkimResult.Pass(DOMAIN, "sel", algorithm, false));
    }

    @Test
    void signatureFieldIsFoldedRelaxedTimestampedAndOversigned() {
        String field = signer(DkimAlgorithm.ED25519_SHA256).sign(crlf(MESSAGE));

        assertThat(field).startsWith("DKIM-Signature: v=1; a=ed25519-sha256; c=relaxed/relaxed; d=coffer.example;")
                .endsWith("\r\n")
                .contains("t=" + NOW + ";")
                .doesNotContain("l=");
        for (String line : field.substring(0, field.length() - 2).split("\r\n")) {
            assertThat(line.length()).isLessThanOrEqualTo(HeaderFolder.LINE_LIMIT);
            assertThat(line.isBlank()).isFalse();
        }
        String h = field.replace("\r\n ", "").replaceAll("(?s).*[; ]h=([^;]*);.*", "$1");
        assertThat(h).isEqualTo("From:From:To:To:Cc:Subject:Subject:Date:Date:Message-ID:MIME-Version:"
                + "Content-Type:List-Id");
    }

    @Test
    void oversignedFieldAbsentFromMessageIsStillListedOnce() {
        String noTo = MESSAGE.replace("To: Bob <bob@elsewhere.example>\n", "");

        String field = signer(DkimAlgorithm.ED25519_SHA256).sign(crlf(noTo));

        assertThat(field.replace("\r\n ", "")).contains("From:From:To:Cc:");
        // so a To added in transit breaks the signature
        byte[] signed = concat(field, crlf(noTo));
        assertThat(verify(DkimAlgorithm.ED25519_SHA256, signed)).first().isInstanceOf(DkimResult.Pass.class);
        assertThat(verify(DkimAlgorithm.ED25519_SHA256, insertAfterSignature(signed, "To: mallory@evil.example\r\n")))
                .first().isInstanceOf(DkimResult.Fail.class);
    }

    @ParameterizedTest
    @EnumSource(DkimAlgorithm.class)
    void changedHeaderFails(DkimAlgorithm algorithm) {
        byte[] signed = sign(algorithm, crlf(MESSAGE));

        byte[] tampered = replace(signed, "Subject: Lunch", "Subject: Dinner");

        assertThat(verify(algorithm, tampered)).singleElement().isInstanceOfSatisfying(DkimResult.Fail.class,
                f -> assertThat(f.reason()).contains("signature does not verify"));
    }

    @ParameterizedTest
    @EnumSource(DkimAlgorithm.class)
    void changedBodyFails(DkimAlgorithm algorithm) {
        byte[] signed = sign(algorithm, crlf(MESSAGE));

        byte[] tampered = replace(signed, "Noon", "Midnight");

        assertThat(verify(algorithm, tampered)).singleElement().isInstanceOfSatisfying(DkimResult.Fail.class,
                f -> assertThat(f.reason()).contains("body hash"));
    }

    @Test
    void addedFromFailsThanksToOversigning() {
        byte[] signed = sign(DkimAlgorithm.ED25519_SHA256, crlf(MESSAGE));

        // a second From at the top, where a verifier taking the first From would see it
        byte[] forged = insertAfterSignature(signed, "From: CEO <ceo@coffer.example>\r\n");

        assertThat(verify(DkimAlgorithm.ED25519_SHA256, forged)).singleElement().isInstanceOf(DkimResult.Fail.class);
    }

    @Test
    void addedSubjectOrDateFailsButAddedUnsignedFieldDoesNot() {
        byte[] signed = sign(DkimAlgorithm.RSA_SHA256, crlf(MESSAGE));

        assertThat(verify(DkimAlgorithm.RSA_SHA256, insertAfterSignature(signed, "Subject: Urgent\r\n")))
                .first().isInstanceOf(DkimResult.Fail.class);
        assertThat(verify(DkimAlgorithm.RSA_SHA256, insertAfterSignature(signed, "Date: Fri, 10 Oct 2025 00:00:00 +0000\r\n")))
                .first().isInstanceOf(DkimResult.Fail.class);
        assertThat(verify(DkimAlgorithm.RSA_SHA256, insertAfterSignature(signed, "Received: from relay\r\n")))
                .first().isInstanceOf(DkimResult.Pass.class);
    }

    @Test
    void relaxedCanonicalizationSurvivesWhitespaceChangesInTransit() {
        byte[] signed = sign(DkimAlgorithm.ED25519_SHA256, crlf(MESSAGE));

        byte[] rewrapped = replace(replace(signed, "Subject: Lunch", "SUBJECT:   Lunch  "), "Alice\r\n", "Alice   \r\n\r\n\r\n");

        assertThat(verify(DkimAlgorithm.ED25519_SHA256, rewrapped)).first().isInstanceOf(DkimResult.Pass.class);
    }

    @Test
    void keyLookupFailureIsTempError() {
        byte[] signed = sign(DkimAlgorithm.ED25519_SHA256, crlf(MESSAGE));
        DkimKeyLookup servfail = (selector, domain) -> {
            throw new DkimKeyLookupException("SERVFAIL");
        };

        List<DkimResult> results = new DkimVerifier(servfail, clockAt(NOW)).verify(signed);

        assertThat(results).singleElement().isInstanceOfSatisfying(DkimResult.TempError.class,
                t -> assertThat(t.reason()).contains("sel._domainkey.coffer.example").contains("SERVFAIL"));
    }

    @Test
    void missingKeyRecordIsPermError() {
        byte[] signed = sign(DkimAlgorithm.ED25519_SHA256, crlf(MESSAGE));

        List<DkimResult> results = new DkimVerifier(new DkimFixtures.MapLookup(), clockAt(NOW)).verify(signed);

        assertThat(results).singleElement().isInstanceOfSatisfying(DkimResult.PermError.class,
                p -> assertThat(p.reason()).contains("no key record"));
    }

    @Test
    void revokedKeyFails() {
        // RFC 6376 §6.1.2 step 6: empty p= is a failed signature check (key revoked)
        byte[] signed = sign(DkimAlgorithm.ED25519_SHA256, crlf(MESSAGE));

        List<DkimResult> results = verifyWithRecord(signed, "v=DKIM1; k=ed25519; p=");

        assertThat(results).singleElement().isInstanceOfSatisfying(DkimResult.Fail.class,
                f -> assertThat(f.reason()).contains("revoked"));
    }

    @Test
    void keyTypeMismatchIsPermError() {
        byte[] signed = sign(DkimAlgorithm.ED25519_SHA256, crlf(MESSAGE));

        List<DkimResult> results = verifyWithRecord(signed, DkimKeys.dnsRecord(rsa.getPublic()));

        assertThat(results).singleElement().isInstanceOfSatisfying(DkimResult.PermError.class,
                p -> assertThat(p.reason()).contains("k=rsa"));
    }

    @Test
    void otherKeyRecordProblemsArePermErrors() {
        byte[] signed = sign(DkimAlgorithm.RSA_SHA256, crlf(MESSAGE));
        String good = DkimKeys.dnsRecord(rsa.getPublic());

        assertThat(verifyWithRecord(signed, good + "; h=sha1")).first().isInstanceOf(DkimResult.PermError.class);
        assertThat(verifyWithRecord(signed, good + "; s=other")).first().isInstanceOf(DkimResult.PermError.class);
        assertThat(verifyWithRecord(signed, "v=DKIM2; k=rsa; p=AAAA")).first().isInstanceOf(DkimResult.PermError.class);
        assertThat(verifyWithRecord(signed, "v=DKIM1; k=rsa; p=AAAA")).first().isInstanceOf(DkimResult.PermError.class);
        assertThat(verifyWithRecord(signed, "k=rsa; v=DKIM1; " + good.substring(good.indexOf("p=")))).first()
                .isInstanceOf(DkimResult.PermError.class);
        // the defaults: no v=, no k= (rsa)
        assertThat(verifyWithRecord(signed, good.substring(good.indexOf("p=")))).first()
                .isInstanceOf(DkimResult.Pass.class);
    }

    @Test
    void rsaKeyUnder1024BitsFails() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(768);
        KeyPair weak = generator.generateKeyPair();
        byte[] message = crlf(MESSAGE);
        DkimSignature sig = DkimSigner.signWith(template(DkimAlgorithm.RSA_SHA256, message, List.of("From"),
                OptionalLong.empty(), Optional.empty()), DkimMessage.parse(message), weak.getPrivate());

        List<DkimResult> results = verifyWithRecord(concat(sig.toHeaderField(), message),
                DkimKeys.dnsRecord(weak.getPublic()));

        assertThat(results).singleElement().isInstanceOfSatisfying(DkimResult.Fail.class,
                f -> assertThat(f.reason()).contains("768 bits"));
        assertThatThrownBy(() -> new DkimSigner(DOMAIN, "sel", weak.getPrivate(), clockAt(NOW)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1024");
    }

    @Test
    void rsaSha1IsPermError() {
        byte[] signed = sign(DkimAlgorithm.RSA_SHA256, crlf(MESSAGE));

        byte[] sha1 = replace(signed, "a=rsa-sha256", "a=rsa-sha1");

        assertThat(verify(DkimAlgorithm.RSA_SHA256, sha1)).singleElement().isInstanceOfSatisfying(
                DkimResult.PermError.class, p -> assertThat(p.reason()).contains("RFC 8301"));
    }

    @Test
    void expiredSignatureFails() {
        byte[] message = crlf(MESSAGE);
        DkimSignature sig = DkimSigner.signWith(template(DkimAlgorithm.ED25519_SHA256, message, List.of("From"),
                OptionalLong.empty(), Optional.of(Instant.ofEpochSecond(NOW + 3600))), DkimMessage.parse(message),
                ed25519.getPrivate());
        byte[] signed = concat(sig.toHeaderField(), message);
        DkimFixtures.MapLookup lookup = lookupFor(DkimAlgorithm.ED25519_SHA256);

        assertThat(new DkimVerifier(lookup, clockAt(NOW + 60)).verify(signed)).first().isInstanceOf(DkimResult.Pass.class);
        assertThat(new DkimVerifier(lookup, clockAt(NOW + 7200)).verify(signed)).singleElement()
                .isInstanceOfSatisfying(DkimResult.Fail.class, f -> assertThat(f.reason()).contains("expired"));
    }

    @Test
    void expirationBeforeTimestampIsPermError() {
        byte[] signed = sign(DkimAlgorithm.ED25519_SHA256, crlf(MESSAGE));

        byte[] nonsense = replace(signed, "t=" + NOW + ";", "t=" + NOW + "; x=" + (NOW - 1) + ";");

        assertThat(verify(DkimAlgorithm.ED25519_SHA256, nonsense)).singleElement().isInstanceOfSatisfying(
                DkimResult.PermError.class, p -> assertThat(p.reason()).contains("not after t="));
    }

    @Test
    void signatureWithoutFromFails() {
        byte[] message = crlf(MESSAGE);
        DkimSignature sig = DkimSigner.signWith(template(DkimAlgorithm.ED25519_SHA256, message,
                List.of("Subject", "Date"), OptionalLong.empty(), Optional.empty()), DkimMessage.parse(message),
                ed25519.getPrivate());

        List<DkimResult> results = verify(DkimAlgorithm.ED25519_SHA256, concat(sig.toHeaderField(), message));

        assertThat(results).singleElement().isInstanceOfSatisfying(DkimResult.Fail.class,
                f -> assertThat(f.reason()).contains("From"));
    }

    @Test
    void bodyLengthLimitIsReportedAndAppendedContentStillPasses() {
        byte[] message = crlf(MESSAGE);
        int fullLength = DkimCanonicalization.RELAXED.body(DkimMessage.parse(message).body()).length;
        DkimSignature sig = DkimSigner.signWith(template(DkimAlgorithm.ED25519_SHA256, message, List.of("From"),
                OptionalLong.of(fullLength), Optional.empty()), DkimMessage.parse(message), ed25519.getPrivate());
        byte[] signed = concat(sig.toHeaderField(), message);

        assertThat(verify(DkimAlgorithm.ED25519_SHA256, signed)).containsExactly(
                new DkimResult.Pass(DOMAIN, "sel", DkimAlgorithm.ED25519_SHA256, false));
        byte[] appended = concat(new String(signed, StandardCharsets.ISO_8859_1), crlf("Click here!\n"));
        assertThat(verify(DkimAlgorithm.ED25519_SHA256, appended)).containsExactly(
                new DkimResult.Pass(DOMAIN, "sel", DkimAlgorithm.ED25519_SHA256, true));
        byte[] truncated = replace(signed, "\r\nAlice\r\n", "\r\n");
        assertThat(verify(DkimAlgorithm.ED25519_SHA256, truncated)).singleElement()
                .isInstanceOf(DkimResult.Fail.class);
    }

    @Test
    void messageWithoutSignatureIsNone() {
        assertThat(verify(DkimAlgorithm.ED25519_SHA256, crlf(MESSAGE))).containsExactly(new DkimResult.None());
    }

    @Test
    void atMostTenSignaturesAreChecked() {
        byte[] message = crlf(MESSAGE);
        String field = signer(DkimAlgorithm.ED25519_SHA256).sign(message);
        byte[] signed = concat(field.repeat(12), message);
        DkimFixtures.MapLookup lookup = lookupFor(DkimAlgorithm.ED25519_SHA256);

        List<DkimResult> results = new DkimVerifier(lookup, clockAt(NOW)).verify(signed);

        assertThat(results).hasSize(11);
        assertThat(results.subList(0, 10)).allMatch(r -> r instanceof DkimResult.Pass);
        assertThat(results.get(10)).isInstanceOfSatisfying(DkimResult.Neutral.class,
                n -> assertThat(n.reason()).contains("2 further"));
        assertThat(lookup.queries).isEqualTo(10);
    }

    @Test
    void malformedSignatureIsPermErrorAndOthersStillCount() {
        byte[] signed = sign(DkimAlgorithm.ED25519_SHA256, crlf(MESSAGE));
        byte[] both = concat("DKIM-Signature: v=1; a=ed25519-sha256; d=coffer.example\r\n",
                signed);

        List<DkimResult> results = verify(DkimAlgorithm.ED25519_SHA256, both);

        assertThat(results).hasSize(2);
        assertThat(results.get(0)).isInstanceOfSatisfying(DkimResult.PermError.class,
                p -> assertThat(p.reason()).contains("no b= tag"));
        assertThat(results.get(1)).isInstanceOf(DkimResult.Pass.class);
    }

    @Test
    void signerRefusesMessagesWithoutExactlyOneFrom() {
        DkimSigner signer = signer(DkimAlgorithm.ED25519_SHA256);

        assertThatThrownBy(() -> signer.sign(crlf("To: x@y.example\n\nhi\n")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 From");
        assertThatThrownBy(() -> signer.sign(crlf("From: a@b.example\nFrom: c@d.example\n\nhi\n")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 From");
    }

    @Test
    void signerRefusesBadDomainAndSelector() {
        PrivateKey key = ed25519.getPrivate();
        assertThatThrownBy(() -> new DkimSigner("not a domain", "sel", key, clockAt(NOW)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DkimSigner(DOMAIN, "sel;x", key, clockAt(NOW)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---- helpers

    private static DkimSigner signer(DkimAlgorithm algorithm) {
        return new DkimSigner(DOMAIN, "sel", pair(algorithm).getPrivate(), clockAt(NOW));
    }

    private static byte[] sign(DkimAlgorithm algorithm, byte[] message) {
        return concat(signer(algorithm).sign(message), message);
    }

    private static KeyPair pair(DkimAlgorithm algorithm) {
        return algorithm == DkimAlgorithm.ED25519_SHA256 ? ed25519 : rsa;
    }

    private static DkimFixtures.MapLookup lookupFor(DkimAlgorithm algorithm) {
        return new DkimFixtures.MapLookup().with("sel", DOMAIN, DkimKeys.dnsRecord(pair(algorithm).getPublic()));
    }

    private static List<DkimResult> verify(DkimAlgorithm algorithm, byte[] message) {
        return new DkimVerifier(lookupFor(algorithm), clockAt(NOW)).verify(message);
    }

    private static List<DkimResult> verifyWithRecord(byte[] message, String record) {
        return new DkimVerifier(new DkimFixtures.MapLookup().with("sel", DOMAIN, record), clockAt(NOW)).verify(message);
    }

    private static DkimSignature template(DkimAlgorithm algorithm, byte[] message, List<String> headers,
                                          OptionalLong length, Optional<Instant> expiration) {
        byte[] canonicalBody = DkimCanonicalization.RELAXED.body(DkimMessage.parse(message).body());
        return new DkimSignature(algorithm, new byte[0],
                DkimHashing.bodyHash(canonicalBody, length.orElse(Long.MAX_VALUE)),
                DkimCanonicalization.RELAXED, DkimCanonicalization.RELAXED, DOMAIN, headers, Optional.empty(),
                length, List.of("dns/txt"), "sel", Optional.of(Instant.ofEpochSecond(NOW)), expiration, List.of());
    }

    private static byte[] replace(byte[] message, String from, String to) {
        String s = new String(message, StandardCharsets.ISO_8859_1);
        assertThat(s).contains(from);
        return s.replace(from, to).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Inserts {@code field} right below the (first) DKIM-Signature field. */
    private static byte[] insertAfterSignature(byte[] message, String field) {
        String s = new String(message, StandardCharsets.ISO_8859_1);
        int from = s.indexOf("\r\nFrom:");
        List<String> parts = new ArrayList<>(List.of(s.substring(0, from + 2), field, s.substring(from + 2)));
        return String.join("", parts).getBytes(StandardCharsets.ISO_8859_1);
    }
}
