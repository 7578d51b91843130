package dev.coffer.mailauth.arc;

import dev.coffer.mailauth.dkim.DkimAlgorithm;
import dev.coffer.mailauth.dkim.DkimParseException;
import dev.coffer.mailauth.dkim.DkimSignature;
import dev.coffer.mailauth.dkim.TagList;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * The tag values ARC-Seal and ARC-Message-Signature share with DKIM-Signature (RFC 8617
 * §4.1.2, §4.1.3 refer to RFC 6376 §3.5 for a=, b=, d=, s=, t=), read from a tag-list.
 */
final class ArcTags {

    /** RFC 8617 §4.2.1: instance values range from 1 to 50. */
    static final int MAX_INSTANCE = 50;

    private final TagList tags;
    private final String what;

    private ArcTags(TagList tags, String what) {
        this.tags = tags;
        this.what = what;
    }

    /** Parses the value of an ARC-Seal or ARC-Message-Signature field; {@code what} names it in errors. */
    static ArcTags parse(String value, String what) throws ArcChainException {
        try {
            return new ArcTags(TagList.parse(value, what), what);
        } catch (DkimParseException e) {
            throw new ArcChainException(e.getMessage());
        }
    }

    String require(String name) throws ArcChainException {
        try {
            return tags.require(name, what);
        } catch (DkimParseException e) {
            throw new ArcChainException(e.getMessage());
        }
    }

    Optional<String> get(String name) {
        return tags.get(name);
    }

    /** i=, RFC 8617 §4.2.1: 1 to 50. */
    int instance() throws ArcChainException {
        return instance(require("i"), what);
    }

    static int instance(String value, String what) throws ArcChainException {
        if (value.isEmpty() || value.length() > 2 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new ArcChainException(what + " has i=" + TagList.abbreviate(value)
                    + "; instances are numbers from 1 to " + MAX_INSTANCE + " (RFC 8617 §4.2.1)");
        }
        int instance = Integer.parseInt(value);
        if (instance < 1 || instance > MAX_INSTANCE) {
            throw new ArcChainException(what + " has i=" + instance + "; instances are numbers from 1 to "
                    + MAX_INSTANCE + " (RFC 8617 §4.2.1)");
        }
        return instance;
    }

    DkimAlgorithm algorithm() throws ArcChainException {
        String a = require("a");
        return DkimAlgorithm.fromTagValue(a).orElseThrow(() ->
                new ArcChainException(what + " uses the unknown or retired algorithm a=" + TagList.abbreviate(a)));
    }

    byte[] base64(String name) throws ArcChainException {
        try {
            // RFC 6376 §3.5 b=, bh=: whitespace is ignored in the value
            return Base64.getDecoder().decode(TagList.removeFws(require(name)));
        } catch (IllegalArgumentException e) {
            throw new ArcChainException(what + " " + name + "= is not valid base64");
        }
    }

    String domainName(String name) throws ArcChainException {
        String value = require(name);
        if (!DkimSignature.isDomainName(value)) {
            throw new ArcChainException(what + " " + name + "=" + TagList.abbreviate(value) + " is not a valid name");
        }
        return value;
    }

    /** RFC 6376 §3.5 t=, x=: 1*12DIGIT seconds since the epoch. */
    Optional<Instant> time(String name) throws ArcChainException {
        return number(name, 12).map(Instant::ofEpochSecond);
    }

    /** RFC 6376 §3.5 l=: 1*76DIGIT, limited here to what a long holds. */
    Optional<Long> length(String name) throws ArcChainException {
        return number(name, 18);
    }

    private Optional<Long> number(String name, int maxDigits) throws ArcChainException {
        Optional<String> value = get(name);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        String v = value.get();
        if (v.isEmpty() || v.length() > maxDigits || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new ArcChainException(what + " " + name + "=" + TagList.abbreviate(v) + " is not a number");
        }
        return Optional.of(Long.parseLong(v));
    }
}
