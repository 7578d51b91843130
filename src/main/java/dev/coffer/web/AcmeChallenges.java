package dev.coffer.web;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The ACME HTTP-01 challenges being answered now (RFC 8555 §8.3): token to key authorization.
 * Empty until an ACME client fills it; the http listener serves what is in it.
 */
public final class AcmeChallenges {

    // RFC 8555 §8.3: the token is base64url without padding.
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{1,256}");

    private final Map<String, String> keyAuthorizations = new ConcurrentHashMap<>();

    public void put(String token, String keyAuthorization) {
        if (!TOKEN.matcher(token).matches()) {
            throw new IllegalArgumentException("an ACME token is base64url characters only");
        }
        keyAuthorizations.put(token, keyAuthorization);
    }

    public void remove(String token) {
        keyAuthorizations.remove(token);
    }

    public Optional<String> keyAuthorization(String token) {
        return Optional.ofNullable(keyAuthorizations.get(token));
    }
}
