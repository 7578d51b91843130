package dev.coffer.delivery;

import dev.coffer.mail.TopLevelHeaders;
import dev.coffer.store.Account;
import dev.coffer.store.StoredMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One message on its way through the pipeline: what arrived, and what each stage found
 * or made. Plaintext lives here only in memory, for as long as the job runs.
 */
public final class DeliveryJob {

    /** One recipient account's copy: the bytes to store and whether they were kept as received. */
    public record Copy(Account account, byte[] content, boolean keptAsReceived) {}

    private final String reversePath;
    private final List<String> recipientAddresses;
    private byte[] message;
    private final Instant receivedAt = Instant.now();
    private List<Account> accounts = List.of();
    private TopLevelHeaders headers;
    private final List<Copy> copies = new ArrayList<>();
    private List<StoredMessage> stored = List.of();

    public DeliveryJob(String reversePath, List<String> recipientAddresses, byte[] message) {
        this.reversePath = reversePath;
        this.recipientAddresses = List.copyOf(recipientAddresses);
        this.message = message;
    }

    public String reversePath() {
        return reversePath;
    }

    public List<String> recipientAddresses() {
        return recipientAddresses;
    }

    public byte[] message() {
        return message;
    }

    void message(byte[] changed) {
        this.message = changed;
    }

    public Instant receivedAt() {
        return receivedAt;
    }

    public List<Account> accounts() {
        return accounts;
    }

    void accounts(List<Account> resolved) {
        this.accounts = List.copyOf(resolved);
    }

    public TopLevelHeaders headers() {
        return headers;
    }

    void headers(TopLevelHeaders parsed) {
        this.headers = parsed;
    }

    public List<Copy> copies() {
        return copies;
    }

    void addCopy(Copy copy) {
        copies.add(copy);
    }

    public List<StoredMessage> stored() {
        return stored;
    }

    void stored(List<StoredMessage> messages) {
        this.stored = List.copyOf(messages);
    }
}
