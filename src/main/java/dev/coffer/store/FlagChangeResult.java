package dev.coffer.store;

import java.util.List;

/**
 * @param messages    the addressed messages as they are now (changed ones with their new MODSEQ)
 * @param notModified UIDs left alone because their MODSEQ was above UNCHANGEDSINCE
 * @param changed     the subset of {@code messages} whose flags actually changed
 */
public record FlagChangeResult(List<StoredMessage> messages, List<Long> notModified, List<StoredMessage> changed) {}
