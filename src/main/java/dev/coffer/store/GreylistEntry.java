package dev.coffer.store;

import java.time.Instant;

/**
 * What the store remembers of one greylisting triplet (RFC 6647), under an opaque digest.
 *
 * @param digest    the key the policy gives the triplet
 * @param firstSeen when the triplet was first refused
 * @param passed    whether it has been retried after the delay, and is now whitelisted
 * @param expiresAt the end of its retry window while pending, of its whitelisting once passed
 */
public record GreylistEntry(String digest, Instant firstSeen, boolean passed, Instant expiresAt) {}
