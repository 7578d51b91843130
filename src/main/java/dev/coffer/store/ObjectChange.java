package dev.coffer.store;

/**
 * What happened to one object of a per-account type since some state (RFC 8620 §5.2).
 *
 * @param createdSeq the type's sequence number when the object was made
 * @param changedSeq the sequence number of its last change (its destruction, if destroyed)
 */
public record ObjectChange(String objectId, long createdSeq, long changedSeq, boolean destroyed) {}
