package dev.coffer.mailauth.dkim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The tags of one DKIM-Signature header field (RFC 6376 §3.5). v= is always 1 and is not
 * stored; unknown tags are ignored, as §3.2 requires.
 *
 * @param algorithm a=, the signing algorithm
 * @param signature b=, the signature octets (empty while a signature is being made)
 * @param bodyHash bh=, the hash of the canonicalized body
 * @param headerCanonicalization c=, the part before the slash
 * @param bodyCanonicalization c=, the part after the slash
 * @param domain d=, the signing domain (SDID)
 * @param signedHeaders h=, field names in the order they were hashed, as written
 * @param identity i=, the agent or user identifier (AUID), if given
 * @param bodyLength l=, how many octets of canonicalized body are covered, if limited
 * @param queryMethods q=, always containing {@code dns/txt}
 * @param selector s=
 * @param timestamp t=, when the signature was made
 * @param expiration x=, after which the signature is no longer valid
 * @param copiedHeaders z=, the copied header fields, still DKIM-quoted-printable encoded
 */
public record DkimSignature(
        DkimAlgorithm algorithm,
        byte[] signature,
        byte[] bodyHash,
        DkimCanonicalization headerCanonicalization,
        DkimCanonicalization bodyCanonicalization,
        String domain,
        List<String> signedHeaders,
        Optional<String> identity,
        OptionalLong bodyLength,
        List<String> queryMethods,
        String selector,
        Optional<Instant> timestamp,
        Optional<Instant> expiration,
        List<String> copiedHeaders) {

    public static final String FIELD_NAME = "DKIM-Signature";

    /** RFC 6376 §3.5: q= defaults to dns/txt, the only method defined. */
    private static final String DNS_TXT = "dns/txt";

    public DkimSignature {
        signature = signature.clone();
        bodyHash = bodyHash.clone();
        signedHeaders = List.copyOf(signedHeaders);
        queryMethods = List.copyOf(queryMethods);
        copiedHeaders = List.copyOf(copiedHeaders);
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public byte[] bodyHash() {
        return bodyHash.clone();
    }

    /** A copy with the b= value replaced. */
    public DkimSignature withSignature(byte[] newSignature) {
        return new DkimSignature(algorithm, newSignature, bodyHash, headerCanonicalization,
                bodyCanonicalization, domain, signedHeaders, identity, bodyLength, queryMethods,
                selector, timestamp, expiration, copiedHeaders);
    }

    /** The AUID: i= if present, else "@" and d= (RFC 6376 §3.5, i= default). */
    public String effectiveIdentity() {
        return identity.orElse("@" + domain);
    }

    /**
     * Parses the value of a DKIM-Signature field (everything after the colon, folding
     * included). Every error names the tag at fault.
     */
    public static DkimSignature parse(String value) throws DkimParseException {
        TagList tags = TagList.parse(value, FIELD_NAME);

        // RFC 6376 §3.5 v=: MUST be "1"; §6.1.1: otherwise PERMFAIL (incompatible version)
        String version = tags.require("v", FIELD_NAME);
        if (!version.equals("1")) {
            throw new DkimParseException(FIELD_NAME + " has v=" + TagList.abbreviate(version)
                    + "; only version 1 exists");
        }

        String a = tags.require("a", FIELD_NAME);
        DkimAlgorithm algorithm = DkimAlgorithm.fromTagValue(a).orElseThrow(() ->
                a.equalsIgnoreCase("rsa-sha1")
                        // RFC 8301 §3.1: verifiers MUST NOT consider rsa-sha1 signatures valid
                        ? new DkimParseException("a=rsa-sha1 is not accepted: RFC 8301 §3.1 retired SHA-1")
                        : new DkimParseException("unknown signing algorithm a=" + TagList.abbreviate(a)));

        byte[] signature = base64(tags.require("b", FIELD_NAME), "b");
        byte[] bodyHash = base64(tags.require("bh", FIELD_NAME), "bh");
        if (bodyHash.length != 32) {
            // RFC 6376 §3.7 with SHA-256 (the only hash left, RFC 8301 §3.1)
            throw new DkimParseException("bh= is " + bodyHash.length + " octets; a SHA-256 hash is 32");
        }

        // RFC 6376 §3.5 c=: "header/body"; a lone name is the header algorithm, body simple;
        // the default is simple/simple
        DkimCanonicalization headerCanon = DkimCanonicalization.SIMPLE;
        DkimCanonicalization bodyCanon = DkimCanonicalization.SIMPLE;
        Optional<String> c = tags.get("c");
        if (c.isPresent()) {
            String[] parts = c.get().toLowerCase(Locale.ROOT).split("/", -1);
            if (parts.length > 2) {
                throw new DkimParseException("c=" + TagList.abbreviate(c.get()) + " has more than one \"/\"");
            }
            headerCanon = canonicalization(parts[0], c.get());
            if (parts.length == 2) {
                bodyCanon = canonicalization(parts[1], c.get());
            }
        }

        String domain = tags.require("d", FIELD_NAME);
        if (!isDomainName(domain)) {
            throw new DkimParseException("d=" + TagList.abbreviate(domain) + " is not a domain name");
        }

        List<String> signedHeaders = headerNames(tags.require("h", FIELD_NAME));

        Optional<String> identity = tags.get("i");
        if (identity.isPresent()) {
            checkIdentity(identity.get(), domain);
        }

        OptionalLong bodyLength = OptionalLong.empty();
        Optional<String> l = tags.get("l");
        if (l.isPresent()) {
            // RFC 6376 §3.5 l=: 1*76DIGIT
            bodyLength = OptionalLong.of(number(l.get(), "l", 76));
        }

        List<String> queryMethods = List.of(DNS_TXT);
        Optional<String> q = tags.get("q");
        if (q.isPresent()) {
            queryMethods = new ArrayList<>();
            for (String method : q.get().split(":", -1)) {
                queryMethods.add(TagList.stripFws(method));
            }
            // RFC 6376 §3.5 q= and §6.1.1: dns/txt is the only method; without it, PERMFAIL
            if (queryMethods.stream().noneMatch(m -> m.toLowerCase(Locale.ROOT).startsWith(DNS_TXT))) {
                throw new DkimParseException("q=" + TagList.abbreviate(q.get())
                        + " does not offer dns/txt, the only query method there is");
            }
        }

        String selector = tags.require("s", FIELD_NAME);
        if (!isDomainName(selector)) {
            throw new DkimParseException("s=" + TagList.abbreviate(selector) + " is not a valid selector");
        }

        // RFC 6376 §3.5 t= and x=: 1*12DIGIT seconds since the epoch
        Optional<Instant> timestamp = tags.get("t").isPresent()
                ? Optional.of(Instant.ofEpochSecond(number(tags.get("t").get(), "t", 12)))
                : Optional.empty();
        Optional<Instant> expiration = tags.get("x").isPresent()
                ? Optional.of(Instant.ofEpochSecond(number(tags.get("x").get(), "x", 12)))
                : Optional.empty();
        // RFC 6376 §3.5 x=: the value MUST be greater than t= when both are present
        if (timestamp.isPresent() && expiration.isPresent()
                && !expiration.get().isAfter(timestamp.get())) {
            throw new DkimParseException("x= (" + expiration.get().getEpochSecond()
                    + ") is not after t= (" + timestamp.get().getEpochSecond() + ")");
        }

        List<String> copied = new ArrayList<>();
        Optional<String> z = tags.get("z");
        if (z.isPresent()) {
            for (String part : TagList.removeFws(z.get()).split("\\|", -1)) {
                copied.add(part);
            }
        }

        return new DkimSignature(algorithm, signature, bodyHash, headerCanon, bodyCanon, domain,
                signedHeaders, identity, bodyLength, queryMethods, selector, timestamp, expiration,
                copied);
    }

    /**
     * The whole header field, folded, ending in CRLF, tags in a fixed order with b= last
     * (so that the field with an empty b= is a prefix of the signed one).
     */
    public String toHeaderField() {
        return fold(true) + "\r\n";
    }

    /** The field as it is hashed: b= empty, no CRLF at the end (RFC 6376 §3.7). */
    String toHeaderFieldWithoutSignature() {
        return fold(false);
    }

    private String fold(boolean withSignature) {
        HeaderFolder f = new HeaderFolder(FIELD_NAME);
        f.word("v=1;");
        f.word("a=" + algorithm.tagValue() + ";");
        f.word("c=" + headerCanonicalization.tagValue() + "/" + bodyCanonicalization.tagValue() + ";");
        f.word("d=" + domain + ";");
        f.word("s=" + selector + ";");
        if (identity.isPresent()) {
            f.word("i=" + identity.get() + ";");
        }
        if (!queryMethods.equals(List.of(DNS_TXT))) {
            f.word("q=" + String.join(":", queryMethods) + ";");
        }
        timestamp.ifPresent(t -> f.word("t=" + t.getEpochSecond() + ";"));
        expiration.ifPresent(x -> f.word("x=" + x.getEpochSecond() + ";"));
        bodyLength.ifPresent(l -> f.word("l=" + l + ";"));
        for (int i = 0; i < signedHeaders.size(); i++) {
            String name = signedHeaders.get(i);
            // RFC 6376 §3.5 h=: FWS may precede ":", so the list folds between names
            if (i == 0) {
                f.word("h=" + name);
            } else {
                f.joined(":" + name);
            }
        }
        f.raw(";");
        if (!copiedHeaders.isEmpty()) {
            f.word("z=");
            for (int i = 0; i < copiedHeaders.size(); i++) {
                f.joined((i == 0 ? "" : "|") + copiedHeaders.get(i));
            }
            f.raw(";");
        }
        f.word("bh=").base64(Base64.getEncoder().encodeToString(bodyHash)).raw(";");
        f.word("b=");
        if (withSignature) {
            f.base64(Base64.getEncoder().encodeToString(signature));
        }
        return f.toString();
    }

    private static DkimCanonicalization canonicalization(String name, String whole) throws DkimParseException {
        return DkimCanonicalization.fromTagValue(TagList.stripFws(name)).orElseThrow(() ->
                new DkimParseException("c=" + TagList.abbreviate(whole)
                        + " names an unknown canonicalization; simple and relaxed exist"));
    }

    private static byte[] base64(String value, String tag) throws DkimParseException {
        try {
            // RFC 6376 §3.5 b=, bh=: whitespace is ignored in the value
            return Base64.getDecoder().decode(TagList.removeFws(value));
        } catch (IllegalArgumentException e) {
            throw new DkimParseException(tag + "= is not valid base64: " + e.getMessage());
        }
    }

    private static long number(String value, String tag, int maxDigits) throws DkimParseException {
        if (value.isEmpty() || value.length() > maxDigits || !value.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            throw new DkimParseException(tag + "=" + TagList.abbreviate(value)
                    + " is not a number of at most " + maxDigits + " digits");
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new DkimParseException(tag + "=" + TagList.abbreviate(value) + " is too large");
        }
    }

    private static List<String> headerNames(String value) throws DkimParseException {
        List<String> names = new ArrayList<>();
        for (String part : value.split(":", -1)) {
            String name = TagList.stripFws(part);
            // RFC 5322 §3.6.8: field-name = 1*ftext, ftext = %d33-57 / %d59-126
            if (name.isEmpty() || !name.chars().allMatch(ch -> ch >= 33 && ch <= 126 && ch != ':')) {
                throw new DkimParseException("h= contains an empty or invalid field name in \""
                        + TagList.abbreviate(value) + "\"");
            }
            names.add(name);
        }
        return names;
    }

    /** RFC 6376 §3.5 i=: the domain part MUST be d= or a subdomain of it (§6.1.1: else PERMFAIL). */
    private static void checkIdentity(String identity, String domain) throws DkimParseException {
        int at = identity.lastIndexOf('@');
        if (at < 0) {
            throw new DkimParseException("i=" + TagList.abbreviate(identity) + " has no \"@\"");
        }
        String idDomain = identity.substring(at + 1).toLowerCase(Locale.ROOT);
        String d = domain.toLowerCase(Locale.ROOT);
        if (!idDomain.equals(d) && !idDomain.endsWith("." + d)) {
            throw new DkimParseException("i= domain " + TagList.abbreviate(idDomain)
                    + " is neither d=" + d + " nor a subdomain of it");
        }
    }

    /** Dot-separated labels of letters, digits, hyphens and underscores (selectors use "_" too). */
    public static boolean isDomainName(String s) {
        if (s.isEmpty() || s.length() > 253 || s.startsWith(".") || s.endsWith(".") || s.contains("..")) {
            return false;
        }
        for (String label : s.split("\\.")) {
            if (label.length() > 63) {
                return false;
            }
            for (int i = 0; i < label.length(); i++) {
                char ch = label.charAt(i);
                boolean ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')
                        || ch == '-' || ch == '_';
                if (!ok) {
                    return false;
                }
            }
        }
        return true;
    }
}
