package dev.coffer.store;

import java.time.Instant;

/** A stored Sieve script of an account; at most one per account is active. */
public record SieveScriptRow(long id, long accountId, String name, String content, boolean active, Instant updatedAt) {}
