package dev.coffer.mailauth.arc;

import dev.coffer.mailauth.dkim.DkimAlgorithm;
import dev.coffer.mailauth.dkim.DkimKeyLookup;
import dev.coffer.mailauth.dkim.DkimKeyLookupException;
import dev.coffer.mailauth.dkim.DkimKeyRecord;
import dev.coffer.mailauth.dkim.DkimParseException;
import java.security.PublicKey;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Fetches the keys for the ARC signatures of one message: RFC 8617 §4.1.2 and §4.1.3 use DKIM
 * key records at {@code s._domainkey.d}, checked as RFC 6376 §6.1.2 says. Each record is
 * looked up once per message, however many sets name it.
 */
final class ArcPublicKeys {

    /** RFC 8301 §3.2: verifiers MUST NOT accept RSA keys of less than 1024 bits. */
    static final int MIN_RSA_BITS = 1024;

    private final DkimKeyLookup lookup;
    private final Map<String, Optional<String>> records = new HashMap<>();

    ArcPublicKeys(DkimKeyLookup lookup) {
        this.lookup = lookup;
    }

    PublicKey fetch(String what, String selector, String domain, DkimAlgorithm algorithm) throws ArcChainException {
        String where = selector + "._domainkey." + domain;
        Optional<String> txt = records.get(where.toLowerCase(Locale.ROOT));
        if (txt == null) {
            try {
                txt = lookup.txtRecord(selector, domain);
            } catch (DkimKeyLookupException e) {
                // RFC 8617 §5.2.1: all failures, DNS failures included, are permanent
                throw new ArcChainException(what + ": key lookup at " + where + " failed: " + e.getMessage());
            }
            records.put(where.toLowerCase(Locale.ROOT), txt);
        }
        if (txt.isEmpty()) {
            throw new ArcChainException(what + ": no key record at " + where);
        }
        DkimKeyRecord record;
        PublicKey key;
        try {
            record = DkimKeyRecord.parse(txt.get());
            // RFC 6376 §6.1.2 step 6: an empty p= means the key was revoked
            if (record.revoked()) {
                throw new ArcChainException(what + ": the key at " + where + " has been revoked (empty p=)");
            }
            // RFC 6376 §6.1.2 step 7: k= must match the signature algorithm
            key = record.publicKey(algorithm);
        } catch (DkimParseException e) {
            throw new ArcChainException(what + ": key record at " + where + ": " + e.getMessage());
        }
        // RFC 6376 §6.1.2 step 5: the record's h= must allow sha256
        if (!record.hashes().isEmpty() && !record.hashes().contains("sha256")) {
            throw new ArcChainException(what + ": the key record at " + where + " does not allow sha256");
        }
        // RFC 6376 §3.6.1 s=: the key must be for "email" or "*"
        if (!record.services().contains("*") && !record.services().contains("email")) {
            throw new ArcChainException(what + ": the key record at " + where + " is not for email");
        }
        if (algorithm == DkimAlgorithm.RSA_SHA256 && DkimKeyRecord.rsaBits(key) < MIN_RSA_BITS) {
            throw new ArcChainException(what + ": the RSA key at " + where + " has "
                    + DkimKeyRecord.rsaBits(key) + " bits; RFC 8301 §3.2 requires at least " + MIN_RSA_BITS);
        }
        return key;
    }
}
