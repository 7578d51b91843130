package dev.coffer.store;

import java.time.Instant;
import java.util.Set;

/** A named password for one protocol client; only its verifier is stored. */
public record AppPassword(
        long id, long accountId, String name, String verifier, Set<String> scopes,
        Instant createdAt, Instant lastUsedAt) {}
