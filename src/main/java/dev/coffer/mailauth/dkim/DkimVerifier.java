package dev.coffer.mailauth.dkim;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.ProviderException;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Verifies every DKIM-Signature field of a message (RFC 6376 §6), Ed25519 (RFC 8463) and
 * RSA with SHA-256 (RFC 8301). The key records come from a {@link DkimKeyLookup}.
 *
 * <p>Results are reported per signature; what they mean for the message (DMARC alignment,
 * ignoring passes with l=) is decided by the caller.
 */
public final class DkimVerifier {

    /** RFC 6376 §6.1: verifiers MAY limit the number of signatures tried; each costs a DNS query. */
    public static final int DEFAULT_MAX_SIGNATURES = 10;

    /** A bound on h= so that a hostile signature cannot make header selection quadratic. */
    static final int MAX_SIGNED_HEADERS = 512;

    /** RFC 8301 §3.2: verifiers MUST be able to validate 1024-4096 bits and MUST NOT accept less than 1024. */
    static final int MIN_RSA_BITS = 1024;

    private final DkimKeyLookup keys;
    private final Clock clock;
    private final int maxSignatures;

    public DkimVerifier(DkimKeyLookup keys, Clock clock) {
        this(keys, clock, DEFAULT_MAX_SIGNATURES);
    }

    public DkimVerifier(DkimKeyLookup keys, Clock clock, int maxSignatures) {
        if (maxSignatures < 1) {
            throw new IllegalArgumentException("maxSignatures must be at least 1, not " + maxSignatures);
        }
        this.keys = keys;
        this.clock = clock;
        this.maxSignatures = maxSignatures;
    }

    /**
     * One result per DKIM-Signature field, top to bottom, for at most the configured number
     * of fields; further fields are summed up in one {@link DkimResult.Neutral}. A message
     * without signatures gives a single {@link DkimResult.None}.
     */
    public List<DkimResult> verify(byte[] message) {
        return verify(DkimMessage.parse(message));
    }

    /** As {@link #verify(byte[])}, for a message already split, so that DKIM and ARC split it once. */
    public List<DkimResult> verify(DkimMessage parsed) {
        List<DkimMessage.Field> signatures = parsed.fieldsNamed(DkimSignature.FIELD_NAME);
        if (signatures.isEmpty()) {
            return List.of(new DkimResult.None());
        }
        Map<DkimCanonicalization, byte[]> canonicalBodies = new EnumMap<>(DkimCanonicalization.class);
        List<DkimResult> results = new ArrayList<>();
        for (int i = 0; i < signatures.size() && i < maxSignatures; i++) {
            results.add(verifyOne(parsed, signatures.get(i), canonicalBodies));
        }
        if (signatures.size() > maxSignatures) {
            int skipped = signatures.size() - maxSignatures;
            results.add(new DkimResult.Neutral(skipped + " further DKIM-Signature field"
                    + (skipped == 1 ? " was" : "s were") + " not evaluated (limit " + maxSignatures + ")"));
        }
        return List.copyOf(results);
    }

    private DkimResult verifyOne(DkimMessage message, DkimMessage.Field field,
                                 Map<DkimCanonicalization, byte[]> canonicalBodies) {
        DkimSignature sig;
        try {
            sig = DkimSignature.parse(field.value());
        } catch (DkimParseException e) {
            // RFC 6376 §6.1.1: a field that does not parse is PERMFAIL (signature syntax error)
            return new DkimResult.PermError(e.getMessage());
        }
        String d = sig.domain();
        String s = sig.selector();
        String where = s + "._domainkey." + d;

        if (sig.signedHeaders().size() > MAX_SIGNED_HEADERS) {
            return new DkimResult.PermError("h= lists " + sig.signedHeaders().size()
                    + " fields; at most " + MAX_SIGNED_HEADERS + " are evaluated");
        }
        if (sig.signature().length == 0) {
            return new DkimResult.PermError("b= is empty");
        }
        // RFC 6376 §6.1.1: h= without From MUST be ignored and reported as PERMFAIL
        // (From field not signed); we report it as a failed signature
        if (sig.signedHeaders().stream().noneMatch(h -> h.equalsIgnoreCase("From"))) {
            return new DkimResult.Fail(d, s, "h= does not include From (RFC 6376 §5.4)");
        }
        // RFC 6376 §3.5 x= and §6.1.1: a signature past its expiration is PERMFAIL (signature expired)
        Instant now = clock.instant();
        if (sig.expiration().isPresent() && now.isAfter(sig.expiration().get())) {
            return new DkimResult.Fail(d, s, "signature expired at x=" + sig.expiration().get().getEpochSecond());
        }

        // RFC 6376 §6.1.2: fetch the key record
        Optional<String> txt;
        try {
            txt = keys.txtRecord(s, d);
        } catch (DkimKeyLookupException e) {
            // RFC 6376 §6.1.2 step 2: a query failing to respond is TEMPFAIL (key unavailable)
            return new DkimResult.TempError("key lookup at " + where + " failed: " + e.getMessage());
        }
        if (txt.isEmpty()) {
            // RFC 6376 §6.1.2 step 3: no key record is PERMFAIL (no key for signature)
            return new DkimResult.PermError("no key record at " + where);
        }
        DkimKeyRecord record;
        try {
            record = DkimKeyRecord.parse(txt.get());
        } catch (DkimParseException e) {
            // RFC 6376 §6.1.2 step 4: an unparsable record is PERMFAIL (key syntax error)
            return new DkimResult.PermError("key record at " + where + ": " + e.getMessage());
        }
        // RFC 6376 §6.1.2 step 5: the record's h= must allow the signature's hash
        if (!record.hashes().isEmpty() && !record.hashes().contains("sha256")) {
            return new DkimResult.PermError("key record at " + where + " does not allow sha256 (h="
                    + String.join(":", record.hashes()) + ")");
        }
        // RFC 6376 §3.6.1 s=: the key must be for "email" or "*"
        if (!record.services().contains("*") && !record.services().contains("email")) {
            return new DkimResult.PermError("key record at " + where + " is not for email (s="
                    + String.join(":", record.services()) + ")");
        }
        // RFC 6376 §3.6.1 t=s: i= must be exactly d=, no subdomain
        if (record.strictIdentity() && !identityDomain(sig).equals(d.toLowerCase(Locale.ROOT))) {
            return new DkimResult.PermError("key record at " + where + " has t=s but i= is a subdomain of d=");
        }
        // RFC 6376 §6.1.2 step 6: an empty p= means the key was revoked: a failed signature check
        if (record.revoked()) {
            return new DkimResult.Fail(d, s, "key at " + where + " has been revoked (empty p=)");
        }
        PublicKey key;
        try {
            // RFC 6376 §6.1.2 step 7: k= must match the signature algorithm
            key = record.publicKey(sig.algorithm());
        } catch (DkimParseException e) {
            return new DkimResult.PermError(where + ": " + e.getMessage());
        }
        if (sig.algorithm() == DkimAlgorithm.RSA_SHA256) {
            int bits = DkimKeyRecord.rsaBits(key);
            // RFC 8301 §3.2: keys under 1024 bits MUST NOT be accepted
            if (bits < MIN_RSA_BITS) {
                return new DkimResult.Fail(d, s, "RSA key at " + where + " has " + bits
                        + " bits; RFC 8301 requires at least " + MIN_RSA_BITS);
            }
        }

        // RFC 6376 §6.1.3: body hash
        byte[] canonicalBody = canonicalBodies.computeIfAbsent(sig.bodyCanonicalization(),
                c -> c.body(message.body()));
        long limit = sig.bodyLength().orElse(Long.MAX_VALUE);
        if (sig.bodyLength().isPresent() && limit > canonicalBody.length) {
            // a signature cannot cover more body than there is: the body was shortened
            return new DkimResult.Fail(d, s, "l=" + limit + " is more than the " + canonicalBody.length
                    + " octets of canonicalized body");
        }
        boolean bodyLengthLimited = sig.bodyLength().isPresent() && limit < canonicalBody.length;
        byte[] bodyHash = DkimHashing.bodyHash(canonicalBody, limit);
        if (!MessageDigest.isEqual(bodyHash, sig.bodyHash())) {
            // RFC 6376 §6.1.3: PERMFAIL (body hash did not verify)
            return new DkimResult.Fail(d, s, "body hash does not match (the body was changed)");
        }

        // RFC 6376 §6.1.3 and §3.7: header hash and signature
        List<DkimMessage.Field> selected = DkimHashing.selectFields(message.fields(), sig.signedHeaders(), field);
        byte[] headerData = DkimHashing.headerData(selected,
                DkimHashing.withoutSignatureValue(field.raw()), sig.headerCanonicalization());
        boolean valid;
        try {
            valid = DkimHashing.verify(sig.algorithm(), key, headerData, sig.signature());
        } catch (GeneralSecurityException | ProviderException | IllegalArgumentException e) {
            // a signature of the wrong length or an Ed25519 key that is not a curve point
            return new DkimResult.Fail(d, s, "signature cannot be checked with this key: " + e.getMessage());
        }
        if (!valid) {
            return new DkimResult.Fail(d, s, "signature does not verify (signed header fields were changed)");
        }
        return new DkimResult.Pass(d, s, sig.algorithm(), bodyLengthLimited);
    }

    private static String identityDomain(DkimSignature sig) {
        String identity = sig.effectiveIdentity();
        return identity.substring(identity.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
    }
}
