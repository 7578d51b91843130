package dev.coffer.mailauth.dkim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** RFC 6376 §3.2 tag-lists and §3.5 DKIM-Signature tags. */
class DkimSignatureTest {

    private static final String BH = "2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=";
    private static final String VALID = " v=1; a=ed25519-sha256; c=relaxed/relaxed;\r\n"
            + " d=football.example.com; i=@football.example.com;\r\n"
            + " q=dns/txt; s=brisbane; t=1528637909; h=from : to :\r\n"
            + " subject : date : message-id : from : subject : date;\r\n"
            + " bh=" + BH + ";\r\n"
            + " b=/gCrinpcQOoIfuHNQIbq4pgh9kyIK3AQUdt9OdqQehSwhEIug4D11Bus\r\n"
            + " Fa3bT3FY5OsU7ZbnKELq+eXdp1Q1Dw==";

    @Test
    void parsesEveryTagOfTheRfc8463Example() throws Exception {
        DkimSignature sig = DkimSignature.parse(VALID);

        assertThat(sig.algorithm()).isEqualTo(DkimAlgorithm.ED25519_SHA256);
        assertThat(sig.signature()).hasSize(64);
        assertThat(sig.bodyHash()).hasSize(32);
        assertThat(sig.headerCanonicalization()).isEqualTo(DkimCanonicalization.RELAXED);
        assertThat(sig.bodyCanonicalization()).isEqualTo(DkimCanonicalization.RELAXED);
        assertThat(sig.domain()).isEqualTo("football.example.com");
        assertThat(sig.selector()).isEqualTo("brisbane");
        assertThat(sig.identity()).contains("@football.example.com");
        assertThat(sig.queryMethods()).containsExactly("dns/txt");
        assertThat(sig.timestamp()).contains(Instant.ofEpochSecond(1528637909));
        assertThat(sig.expiration()).isEmpty();
        assertThat(sig.bodyLength()).isEmpty();
        assertThat(sig.signedHeaders()).containsExactly(
                "from", "to", "subject", "date", "message-id", "from", "subject", "date");
    }

    @Test
    void defaultsCanonicalizationToSimpleAndBodyToSimpleWhenOnlyHeaderGiven() throws Exception {
        assertThat(DkimSignature.parse(minimal("")).headerCanonicalization()).isEqualTo(DkimCanonicalization.SIMPLE);
        DkimSignature relaxedOnly = DkimSignature.parse(minimal("c=relaxed;"));
        assertThat(relaxedOnly.headerCanonicalization()).isEqualTo(DkimCanonicalization.RELAXED);
        assertThat(relaxedOnly.bodyCanonicalization()).isEqualTo(DkimCanonicalization.SIMPLE);
    }

    @Test
    void ignoresUnknownTagsAndAcceptsATrailingSemicolon() throws Exception {
        assertThat(DkimSignature.parse(minimal("future=thing;") + ";").domain()).isEqualTo("example.com");
    }

    @Test
    void readsBodyLengthExpirationAndCopiedHeaders() throws Exception {
        DkimSignature sig = DkimSignature.parse(minimal("l=42; t=100; x=200; z=From:a@b|To:c@d;"));

        assertThat(sig.bodyLength()).hasValue(42);
        assertThat(sig.expiration()).contains(Instant.ofEpochSecond(200));
        assertThat(sig.copiedHeaders()).containsExactly("From:a@b", "To:c@d");
    }

    @Test
    void rejectsWithAMessageNamingTheTag() {
        assertRejected(VALID + "; d=other.example", "more than once");
        assertRejected(minimal("").replace("d=example.com;", ""), "no d= tag");
        assertRejected(minimal("").replace("v=1", "v=2"), "v=2");
        assertRejected(minimal("").replace("ed25519-sha256", "rsa-sha1"), "RFC 8301");
        assertRejected(minimal("").replace("ed25519-sha256", "dsa-sha256"), "unknown signing algorithm a=dsa-sha256");
        assertRejected(minimal("").replace("bh=" + BH, "bh=not*base64"), "bh= is not valid base64");
        assertRejected(minimal("").replace("bh=" + BH, "bh=AAAA"), "bh= is 3 octets");
        assertRejected(minimal("c=relaxed/fancy;"), "unknown canonicalization");
        assertRejected(minimal("t=200; x=100;"), "x= (100) is not after t= (200)");
        assertRejected(minimal("t=soon;"), "t=soon is not a number");
        assertRejected(minimal("l=-1;"), "l=-1 is not a number");
        assertRejected(minimal("i=joe@example.org;"), "neither d=example.com nor a subdomain");
        assertRejected(minimal("q=http/well-known;"), "does not offer dns/txt");
        assertRejected(minimal("").replace("h=From:To", "h=From::To"), "h= contains an empty");
        assertRejected(minimal("").replace("s=sel", "s=sel ector"), "s=sel ector is not a valid selector");
        assertRejected(minimal(";;"), "empty tag-spec");
        assertRejected(minimal("novalue;"), "without \"=\"");
        assertRejected(minimal("9x=1;"), "invalid tag name");
    }

    @Test
    void acceptsSubdomainIdentity() throws Exception {
        assertThat(DkimSignature.parse(minimal("i=joe@mail.example.com;")).effectiveIdentity())
                .isEqualTo("joe@mail.example.com");
        assertThat(DkimSignature.parse(minimal("")).effectiveIdentity()).isEqualTo("@example.com");
    }

    @Test
    void serializesToAFoldedFieldThatParsesBackToTheSameTags() throws Exception {
        DkimSignature sig = new DkimSignature(DkimAlgorithm.RSA_SHA256, new byte[256], new byte[32],
                DkimCanonicalization.RELAXED, DkimCanonicalization.SIMPLE, "mail.example.com",
                List.of("From", "From", "To", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Type",
                        "List-Unsubscribe", "List-Unsubscribe-Post"),
                Optional.of("joe@mail.example.com"), OptionalLong.of(1234), List.of("dns/txt"), "s2025",
                Optional.of(Instant.ofEpochSecond(1700000000)), Optional.of(Instant.ofEpochSecond(1800000000)),
                List.of());

        String field = sig.toHeaderField();

        assertThat(field).startsWith("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/simple;").endsWith("\r\n");
        for (String line : field.substring(0, field.length() - 2).split("\r\n")) {
            assertThat(line.length()).isLessThanOrEqualTo(HeaderFolder.LINE_LIMIT);
        }
        DkimSignature back = DkimSignature.parse(field.substring(field.indexOf(':') + 1, field.length() - 2));
        assertThat(back.signedHeaders()).isEqualTo(sig.signedHeaders());
        assertThat(back.signature()).isEqualTo(sig.signature());
        assertThat(back.bodyHash()).isEqualTo(sig.bodyHash());
        assertThat(back.identity()).isEqualTo(sig.identity());
        assertThat(back.bodyLength()).isEqualTo(sig.bodyLength());
        assertThat(back.timestamp()).isEqualTo(sig.timestamp());
        assertThat(back.expiration()).isEqualTo(sig.expiration());
        assertThat(back.headerCanonicalization()).isEqualTo(sig.headerCanonicalization());
        assertThat(back.bodyCanonicalization()).isEqualTo(sig.bodyCanonicalization());
        assertThat(back.domain()).isEqualTo(sig.domain());
        assertThat(back.selector()).isEqualTo(sig.selector());
    }

    @Test
    void theUnsignedFieldIsAPrefixOfTheSignedOne() {
        DkimSignature unsigned = new DkimSignature(DkimAlgorithm.ED25519_SHA256, new byte[0], new byte[32],
                DkimCanonicalization.RELAXED, DkimCanonicalization.RELAXED, "example.com", List.of("From"),
                Optional.empty(), OptionalLong.empty(), List.of("dns/txt"), "sel", Optional.empty(),
                Optional.empty(), List.of());

        String prefix = unsigned.toHeaderFieldWithoutSignature();

        assertThat(prefix).endsWith("b=");
        assertThat(unsigned.withSignature(new byte[64]).toHeaderField()).startsWith(prefix);
    }

    @Test
    void blanksOnlyTheBTagValue() {
        assertThat(DkimHashing.withoutSignatureValue("DKIM-Signature: bh=abc; b=xy\r\n z; d=x"))
                .isEqualTo("DKIM-Signature: bh=abc; b=; d=x");
        assertThat(DkimHashing.withoutSignatureValue("DKIM-Signature: v=1; b = xyz"))
                .isEqualTo("DKIM-Signature: v=1; b =");
    }

    private static String minimal(String extra) {
        return "v=1; a=ed25519-sha256; d=example.com; s=sel; h=From:To; bh=" + BH + "; " + extra + " b=AAAA";
    }

    private static void assertRejected(String value, String messagePart) {
        assertThatThrownBy(() -> DkimSignature.parse(value))
                .isInstanceOf(DkimParseException.class)
                .hasMessageContaining(messagePart);
    }
}
