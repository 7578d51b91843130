package dev.coffer.store;

import dev.coffer.mail.TopLevelHeaders;
import java.time.Instant;
import java.util.Set;

/**
 * A message about to be appended to a mailbox: its encrypted blob is already durable.
 * The header fields are those left readable in the PGP/MIME outer header (DESIGN §2).
 */
public record NewMessage(
        long mailboxId,
        String blobId,
        long size,
        Instant internalDate,
        Set<String> flags,
        boolean keptAsReceived,
        TopLevelHeaders headers) {}
