package dev.coffer.mailauth.arc;

import dev.coffer.mailauth.dkim.DkimAlgorithm;
import dev.coffer.mailauth.dkim.DkimCanonicalization;
import dev.coffer.mailauth.dkim.HeaderFolder;
import dev.coffer.mailauth.dkim.TagList;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The tags of an ARC-Message-Signature field (RFC 8617 §4.1.2): a DKIM-Signature in all but
 * i=, which is the instance, and the missing v=.
 *
 * @param instance i=
 * @param algorithm a=
 * @param signature b=, empty while the signature is being made
 * @param bodyHash bh=
 * @param headerCanonicalization c=, the part before the slash
 * @param bodyCanonicalization c=, the part after the slash
 * @param domain d=
 * @param selector s=
 * @param signedHeaders h=
 * @param timestamp t=
 * @param expiration x=
 * @param bodyLength l=
 */
record ArcMessageSignature(int instance, DkimAlgorithm algorithm, byte[] signature, byte[] bodyHash,
                           DkimCanonicalization headerCanonicalization, DkimCanonicalization bodyCanonicalization,
                           String domain, String selector, List<String> signedHeaders,
                           Optional<Instant> timestamp, Optional<Instant> expiration, Optional<Long> bodyLength) {

    static final String FIELD_NAME = "ARC-Message-Signature";

    ArcMessageSignature {
        signature = signature.clone();
        bodyHash = bodyHash.clone();
        signedHeaders = List.copyOf(signedHeaders);
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public byte[] bodyHash() {
        return bodyHash.clone();
    }

    ArcMessageSignature withSignature(byte[] newSignature) {
        return new ArcMessageSignature(instance, algorithm, newSignature, bodyHash, headerCanonicalization,
                bodyCanonicalization, domain, selector, signedHeaders, timestamp, expiration, bodyLength);
    }

    static ArcMessageSignature parse(String value) throws ArcChainException {
        ArcTags tags = ArcTags.parse(value, FIELD_NAME);
        byte[] bodyHash = tags.base64("bh");
        if (bodyHash.length != 32) {
            throw new ArcChainException("ARC-Message-Signature bh= is " + bodyHash.length
                    + " octets; a SHA-256 hash is 32");
        }
        // RFC 6376 §3.5 c=: "header/body", a lone name is the header algorithm; simple/simple by default
        DkimCanonicalization header = DkimCanonicalization.SIMPLE;
        DkimCanonicalization body = DkimCanonicalization.SIMPLE;
        Optional<String> c = tags.get("c");
        if (c.isPresent()) {
            String[] parts = c.get().toLowerCase(Locale.ROOT).split("/", -1);
            if (parts.length > 2) {
                throw new ArcChainException("ARC-Message-Signature c=" + TagList.abbreviate(c.get())
                        + " has more than one \"/\"");
            }
            header = canonicalization(parts[0]);
            if (parts.length == 2) {
                body = canonicalization(parts[1]);
            }
        }
        List<String> signedHeaders = new ArrayList<>();
        for (String part : tags.require("h").split(":", -1)) {
            String name = TagList.stripFws(part);
            if (name.isEmpty() || !name.chars().allMatch(ch -> ch >= 33 && ch <= 126)) {
                throw new ArcChainException("ARC-Message-Signature h= contains an empty or invalid field name");
            }
            // RFC 8617 §4.1.2: the AMS MUST NOT sign ARC-Seal fields
            if (name.equalsIgnoreCase(ArcSeal.FIELD_NAME)) {
                throw new ArcChainException("ARC-Message-Signature h= includes ARC-Seal (RFC 8617 §4.1.2)");
            }
            signedHeaders.add(name);
        }
        return new ArcMessageSignature(tags.instance(), tags.algorithm(), tags.base64("b"), bodyHash, header, body,
                tags.domainName("d"), tags.domainName("s"), signedHeaders,
                tags.time("t"), tags.time("x"),
                tags.length("l"));
    }

    private static DkimCanonicalization canonicalization(String name) throws ArcChainException {
        return DkimCanonicalization.fromTagValue(TagList.stripFws(name)).orElseThrow(() ->
                new ArcChainException("ARC-Message-Signature c= names the unknown canonicalization \""
                        + TagList.abbreviate(name) + "\""));
    }

    /** The whole field, folded, ending in CRLF, b= last. */
    String toHeaderField() {
        return fold(true) + "\r\n";
    }

    /** The field as it is hashed: b= empty, no CRLF (RFC 6376 §3.7). */
    String toHeaderFieldWithoutSignature() {
        return fold(false);
    }

    private String fold(boolean withSignature) {
        HeaderFolder f = new HeaderFolder(FIELD_NAME);
        f.word("i=" + instance + ";");
        f.word("a=" + algorithm.tagValue() + ";");
        f.word("c=" + headerCanonicalization.tagValue() + "/" + bodyCanonicalization.tagValue() + ";");
        f.word("d=" + domain + ";");
        f.word("s=" + selector + ";");
        timestamp.ifPresent(t -> f.word("t=" + t.getEpochSecond() + ";"));
        expiration.ifPresent(x -> f.word("x=" + x.getEpochSecond() + ";"));
        bodyLength.ifPresent(l -> f.word("l=" + l + ";"));
        for (int i = 0; i < signedHeaders.size(); i++) {
            // RFC 6376 §3.5 h=: FWS may precede ":", so the list folds between names
            if (i == 0) {
                f.word("h=" + signedHeaders.get(i));
            } else {
                f.joined(":" + signedHeaders.get(i));
            }
        }
        f.raw(";");
        f.word("bh=").base64(Base64.getEncoder().encodeToString(bodyHash)).raw(";");
        f.word("b=");
        if (withSignature) {
            f.base64(Base64.getEncoder().encodeToString(signature));
        }
        return f.toString();
    }
}
