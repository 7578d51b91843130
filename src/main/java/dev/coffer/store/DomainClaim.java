package dev.coffer.store;

import java.time.Instant;

/** A user's claim on a domain, not yet proved: the token they must publish in DNS. */
public record DomainClaim(long id, String name, long accountId, String token, Instant createdAt) {}
