package dev.coffer.jmap.keys;

/** What a key lookup for one recipient came to: a key, or an error as a value. */
public sealed interface KeyLookupResult {

    /** Where a key came from. */
    enum Source { LOCAL, WKD_ADVANCED, WKD_DIRECT }

    record Found(String publicKey, String fingerprint, Source source) implements KeyLookupResult {}

    /** The address's domain answered that it has no key for it. */
    record NotFound(String description) implements KeyLookupResult {}

    /** No answer could be had (network, TLS, a broken key); asking later may help. */
    record LookupFailed(String description) implements KeyLookupResult {}

    /** The text is not an address. */
    record InvalidAddress(String description) implements KeyLookupResult {}
}
