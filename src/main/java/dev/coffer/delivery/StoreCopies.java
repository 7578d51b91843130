package dev.coffer.delivery;

import dev.coffer.store.MailboxSpec;
import dev.coffer.store.NewMessage;
import dev.coffer.store.Store;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;

/**
 * Writes each encrypted copy as a durable blob, then commits all the rows in one
 * transaction shared with other deliveries (group commit). Returns only when committed.
 */
final class StoreCopies implements DeliveryStage {

    static final String INBOX = "INBOX";

    private final Store store;

    StoreCopies(Store store) {
        this.store = store;
    }

    @Override
    public void process(DeliveryJob job) throws DeliveryException {
        List<NewMessage> rows = new ArrayList<>();
        List<String> written = new ArrayList<>();
        try {
            for (DeliveryJob.Copy copy : job.copies()) {
                long mailboxId = mailboxFor(copy.placement());
                String blobId = store.blobs().put(copy.content());
                written.add(blobId);
                rows.add(new NewMessage(mailboxId, blobId, copy.content().length, job.receivedAt(),
                        copy.placement().flags(), copy.keptAsReceived(), job.headers()));
            }
            if (!rows.isEmpty()) {
                job.stored(store.messages().append(rows).get());
            }
        } catch (IOException e) {
            discard(written);
            throw DeliveryException.temporary("4.3.0", "Cannot write the message to disk", e);
        } catch (ExecutionException e) {
            discard(written);
            throw DeliveryException.temporary("4.3.0", "Cannot commit the message", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            discard(written);
            throw DeliveryException.temporary("4.3.0", "Interrupted while storing", e);
        } catch (DeliveryException e) {
            discard(written);
            throw e;
        }
    }

    /**
     * The placement's mailbox; created when Sieve asked for :create (RFC 5490 §3.2), else
     * INBOX when it does not exist, as a failed fileinto falls back to keep (RFC 5228 §2.10.6).
     */
    private long mailboxFor(DeliveryJob.Placement placement) throws DeliveryException {
        long accountId = placement.account().id();
        OptionalLong named = store.mailboxes().idOf(accountId, placement.mailbox());
        if (named.isPresent()) {
            return named.getAsLong();
        }
        if (placement.createMailbox()) {
            return store.mailboxes().create(accountId, new MailboxSpec(placement.mailbox(), null)).id();
        }
        return store.mailboxes().idOf(accountId, INBOX)
                .orElseThrow(() -> DeliveryException.temporary("4.3.0", "Recipient mailbox missing", null));
    }

    private void discard(List<String> blobIds) {
        for (String blobId : blobIds) {
            try {
                store.blobs().delete(blobId);
            } catch (IOException ignored) {
                // An orphan blob holds only ciphertext and no row points at it.
            }
        }
    }
}
