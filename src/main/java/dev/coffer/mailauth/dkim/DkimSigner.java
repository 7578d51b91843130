package dev.coffer.mailauth.dkim;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Signs outgoing messages for one domain and selector: {@code a=ed25519-sha256} (RFC 8463)
 * or {@code a=rsa-sha256} by the key's type, {@code c=relaxed/relaxed}, no l=.
 *
 * <p>The signed fields are those of {@link #SIGNED_FIELDS} and every {@code List-*} field
 * present, each listed as often as it occurs. {@link #OVERSIGNED_FIELDS} are listed once
 * more than they occur: the extra entry selects nothing when signing, so a field of that
 * name added later breaks the signature (RFC 6376 §8.15).
 */
public final class DkimSigner {

    /** RFC 6376 §5.4.1's recommended set, plus the MIME fields that shape how a body is read. */
    public static final List<String> SIGNED_FIELDS = List.of(
            "From", "Sender", "Reply-To", "To", "Cc", "Subject", "Date", "Message-ID",
            "In-Reply-To", "References", "MIME-Version", "Content-Type",
            "Content-Transfer-Encoding", "Content-Disposition", "Autocrypt",
            // RFC 8460 §5.3: TLS-RPT report mail signs these too
            "TLS-Report-Domain", "TLS-Report-Submitter");

    /** Fields whose later addition must break the signature (RFC 6376 §8.15). */
    public static final Set<String> OVERSIGNED_FIELDS = Set.of("From", "To", "Subject", "Date");

    /** RFC 8301 §3.2: signers MUST use RSA keys of at least 1024 bits (2048 recommended). */
    static final int MIN_RSA_BITS = 1024;

    private final String domain;
    private final String selector;
    private final PrivateKey key;
    private final DkimAlgorithm algorithm;
    private final Clock clock;

    /**
     * @param key an Ed25519 key (JDK "EdDSA"/"Ed25519") or an RSA key of at least 1024 bits
     * @param clock gives t=
     * @throws IllegalArgumentException if the domain or selector is malformed or the key unusable
     */
    public DkimSigner(String domain, String selector, PrivateKey key, Clock clock) {
        if (!DkimSignature.isDomainName(domain)) {
            throw new IllegalArgumentException("DKIM domain \"" + domain + "\" is not a domain name");
        }
        if (!DkimSignature.isDomainName(selector)) {
            throw new IllegalArgumentException("DKIM selector \"" + selector + "\" is not valid");
        }
        this.domain = domain.toLowerCase(Locale.ROOT);
        this.selector = selector;
        this.key = key;
        this.algorithm = algorithmFor(key);
        this.clock = clock;
    }

    public DkimAlgorithm algorithm() {
        return algorithm;
    }

    /**
     * The {@code DKIM-Signature} header field to prepend to {@code message}: folded, ending
     * in CRLF. The message must have exactly one From field (RFC 6376 §5.4, RFC 5322 §3.6).
     */
    public String sign(byte[] message) {
        DkimMessage parsed = DkimMessage.parse(message);
        int from = parsed.count("From");
        if (from != 1) {
            throw new IllegalArgumentException("cannot DKIM-sign a message with " + from
                    + " From fields; RFC 5322 §3.6 requires exactly one");
        }
        List<String> names = signedNames(parsed);
        byte[] bodyHash = DkimHashing.bodyHash(DkimCanonicalization.RELAXED.body(parsed.body()), Long.MAX_VALUE);
        DkimSignature unsigned = new DkimSignature(algorithm, new byte[0], bodyHash,
                DkimCanonicalization.RELAXED, DkimCanonicalization.RELAXED, domain, names,
                Optional.empty(), OptionalLong.empty(), List.of("dns/txt"), selector,
                Optional.of(clock.instant().truncatedTo(ChronoUnit.SECONDS)),
                Optional.empty(), List.of());
        return sign(unsigned, parsed).toHeaderField();
    }

    DkimSignature sign(DkimSignature unsigned, DkimMessage message) {
        return signWith(unsigned, message, key);
    }

    /** Computes b= for {@code unsigned} over {@code message} (RFC 6376 §3.7, §5.5). */
    static DkimSignature signWith(DkimSignature unsigned, DkimMessage message, PrivateKey key) {
        DkimAlgorithm algorithm = unsigned.algorithm();
        List<DkimMessage.Field> selected = DkimHashing.selectFields(message.fields(), unsigned.signedHeaders(), null);
        byte[] headerData = DkimHashing.headerData(selected, unsigned.toHeaderFieldWithoutSignature(),
                unsigned.headerCanonicalization());
        try {
            return unsigned.withSignature(DkimHashing.sign(algorithm, key, headerData));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("DKIM signing with " + algorithm.tagValue() + " failed", e);
        }
    }

    /** Each field name once per occurrence, oversigned names once more (RFC 6376 §5.4.2, §8.15). */
    private static List<String> signedNames(DkimMessage message) {
        Set<String> candidates = new LinkedHashSet<>(SIGNED_FIELDS);
        for (DkimMessage.Field field : message.fields()) {
            // RFC 2369 / RFC 2919 / RFC 8058 list fields: a list that re-signs is a new author
            if (field.name().regionMatches(true, 0, "List-", 0, 5) && isFieldName(field.name())
                    && candidates.stream()
                    .noneMatch(c -> c.equalsIgnoreCase(field.name()))) {
                candidates.add(field.name());
            }
        }
        List<String> names = new ArrayList<>();
        for (String name : candidates) {
            int n = message.count(name) + (OVERSIGNED_FIELDS.contains(name) ? 1 : 0);
            for (int i = 0; i < n; i++) {
                names.add(name);
            }
        }
        return names;
    }

    /** RFC 5322 §3.6.8: field-name = 1*ftext, printable US-ASCII except ":". */
    private static boolean isFieldName(String name) {
        return !name.isEmpty() && name.chars().allMatch(c -> c >= 33 && c <= 126 && c != ':');
    }

    public static DkimAlgorithm algorithmFor(PrivateKey key) {
        if (key instanceof RSAPrivateKey rsa) {
            int bits = rsa.getModulus().bitLength();
            if (bits < MIN_RSA_BITS) {
                throw new IllegalArgumentException("RSA DKIM key has " + bits
                        + " bits; RFC 8301 §3.2 requires at least " + MIN_RSA_BITS + " (2048 recommended)");
            }
            return DkimAlgorithm.RSA_SHA256;
        }
        if (key instanceof EdECPrivateKey ed) {
            if (!ed.getParams().getName().equalsIgnoreCase("Ed25519")) {
                throw new IllegalArgumentException("DKIM has no algorithm for " + ed.getParams().getName()
                        + " keys; use Ed25519 (RFC 8463)");
            }
            return DkimAlgorithm.ED25519_SHA256;
        }
        if (key.getAlgorithm().equalsIgnoreCase("Ed25519")) {
            return DkimAlgorithm.ED25519_SHA256;
        }
        throw new IllegalArgumentException("DKIM keys are Ed25519 or RSA, not " + key.getAlgorithm());
    }
}
