package dev.coffer.mailauth.arc;

import dev.coffer.mailauth.dkim.DkimAlgorithm;
import dev.coffer.mailauth.dkim.HeaderFolder;
import dev.coffer.mailauth.dkim.TagList;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * The tags of an ARC-Seal field (RFC 8617 §4.1.3): the seal over the ARC sets so far, with
 * the chain validation status the sealer saw. Unknown tags are ignored.
 *
 * @param instance i=
 * @param algorithm a=
 * @param signature b=, empty while the seal is being made
 * @param chainValidation cv=
 * @param domain d=
 * @param selector s=
 * @param timestamp t=
 */
record ArcSeal(int instance, DkimAlgorithm algorithm, byte[] signature, ArcResult.Code chainValidation,
               String domain, String selector, Optional<Instant> timestamp) {

    static final String FIELD_NAME = "ARC-Seal";

    ArcSeal {
        signature = signature.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    ArcSeal withSignature(byte[] newSignature) {
        return new ArcSeal(instance, algorithm, newSignature, chainValidation, domain, selector, timestamp);
    }

    static ArcSeal parse(String value) throws ArcChainException {
        ArcTags tags = ArcTags.parse(value, FIELD_NAME);
        // RFC 8617 §4.1.3: the ARC-Seal signs a fixed set of fields; an h= tag MUST give cv=fail
        if (tags.get("h").isPresent()) {
            throw new ArcChainException("ARC-Seal has an h= tag, which RFC 8617 §4.1.3 does not allow");
        }
        return new ArcSeal(tags.instance(), tags.algorithm(), tags.base64("b"), chainValidation(tags.require("cv")),
                tags.domainName("d"), tags.domainName("s"), tags.time("t"));
    }

    /** RFC 8617 §4.1.3 cv=: none, fail or pass. */
    private static ArcResult.Code chainValidation(String value) throws ArcChainException {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "none" -> ArcResult.Code.NONE;
            case "pass" -> ArcResult.Code.PASS;
            case "fail" -> ArcResult.Code.FAIL;
            default -> throw new ArcChainException("ARC-Seal has cv=" + TagList.abbreviate(value)
                    + "; RFC 8617 §4.1.3 allows none, fail and pass");
        };
    }

    /** The whole field, folded, ending in CRLF, b= last. */
    String toHeaderField() {
        return fold(true) + "\r\n";
    }

    /** The field as it is hashed: b= empty, no CRLF (RFC 8617 §5.1.1, RFC 6376 §3.7). */
    String toHeaderFieldWithoutSignature() {
        return fold(false);
    }

    private String fold(boolean withSignature) {
        HeaderFolder f = new HeaderFolder(FIELD_NAME);
        f.word("i=" + instance + ";");
        f.word("a=" + algorithm.tagValue() + ";");
        timestamp.ifPresent(t -> f.word("t=" + t.getEpochSecond() + ";"));
        f.word("cv=" + chainValidation.keyword() + ";");
        f.word("d=" + domain + ";");
        f.word("s=" + selector + ";");
        f.word("b=");
        if (withSignature) {
            f.base64(Base64.getEncoder().encodeToString(signature));
        }
        return f.toString();
    }
}
