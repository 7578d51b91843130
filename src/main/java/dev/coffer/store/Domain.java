package dev.coffer.store;

import java.time.Instant;

/** A mail domain this server hosts. */
public record Domain(long id, String name, Instant createdAt) {}
