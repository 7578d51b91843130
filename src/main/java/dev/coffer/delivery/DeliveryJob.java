package dev.coffer.delivery;

import dev.coffer.mail.TopLevelHeaders;
import dev.coffer.mailauth.AuthenticationReport;
import dev.coffer.mailauth.MessageOrigin;
import dev.coffer.store.Account;
import dev.coffer.store.StoredMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One message on its way through the pipeline: what arrived, and what each stage found
 * or made. Plaintext lives here only in memory, for as long as the job runs.
 */
public final class DeliveryJob {

    /** Where one recipient account's copy goes: a mailbox by name, with IMAP flags. */
    public record Placement(Account account, String mailbox, Set<String> flags, boolean createMailbox) {

        public Placement {
            flags = Set.copyOf(flags);
        }
    }

    /** One placement's copy: the bytes to store and whether they were kept as received. */
    public record Copy(Placement placement, byte[] content, boolean keptAsReceived) {}

    private final String reversePath;
    private final List<String> recipientAddresses;
    private final MessageOrigin origin;
    private byte[] message;
    private final Instant receivedAt = Instant.now();
    private final Map<Long, Account> accounts = new LinkedHashMap<>();
    private final Map<Long, String> reachedThrough = new LinkedHashMap<>();
    private TopLevelHeaders headers;
    private AuthenticationReport authentication;
    private boolean junk;
    private List<Placement> placements;
    private final List<Copy> copies = new ArrayList<>();
    private List<StoredMessage> stored = List.of();

    /** A message that arrived from another server: it is authenticated and filtered before delivery. */
    public DeliveryJob(String reversePath, List<String> recipientAddresses, MessageOrigin origin, byte[] message) {
        this.reversePath = reversePath;
        this.recipientAddresses = List.copyOf(recipientAddresses);
        this.origin = origin;
        this.message = message;
    }

    /** A message from a local, authenticated sender (submission, bounces): delivered without inbound checks. */
    public DeliveryJob(String reversePath, List<String> recipientAddresses, byte[] message) {
        this(reversePath, recipientAddresses, null, message);
    }

    public String reversePath() {
        return reversePath;
    }

    public List<String> recipientAddresses() {
        return recipientAddresses;
    }

    /** Where the message came from, or null for local submission. */
    public MessageOrigin origin() {
        return origin;
    }

    public byte[] message() {
        return message;
    }

    void message(byte[] changed) {
        this.message = changed;
    }

    /** Puts header lines (each ending in CRLF) at the top of the message. */
    void prepend(String headerLines) {
        byte[] header = headerLines.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] traced = new byte[header.length + message.length];
        System.arraycopy(header, 0, traced, 0, header.length);
        System.arraycopy(message, 0, traced, header.length, message.length);
        this.message = traced;
    }

    public Instant receivedAt() {
        return receivedAt;
    }

    public List<Account> accounts() {
        return List.copyOf(accounts.values());
    }

    /** Records an account as a recipient, reached through {@code address}; the first address wins. */
    void addAccount(Account account, String address) {
        accounts.putIfAbsent(account.id(), account);
        reachedThrough.putIfAbsent(account.id(), address);
    }

    /** The envelope recipient address through which this account was reached. */
    public String reachedThrough(Account account) {
        return reachedThrough.get(account.id());
    }

    public TopLevelHeaders headers() {
        return headers;
    }

    void headers(TopLevelHeaders parsed) {
        this.headers = parsed;
    }

    /** The SPF/DKIM/ARC/DMARC results, or null when the message was not checked (local submission). */
    public AuthenticationReport authentication() {
        return authentication;
    }

    void authentication(AuthenticationReport report) {
        this.authentication = report;
    }

    /** Whether authentication or the filters judged the message spam: it goes to Junk unless Sieve says otherwise. */
    public boolean junk() {
        return junk;
    }

    void markJunk() {
        this.junk = true;
    }

    /** Where each copy goes; until Sieve runs, each account's default mailbox without flags. */
    public List<Placement> placements() {
        if (placements == null) {
            return accounts.values().stream()
                    .map(account -> new Placement(account, defaultMailbox(), Set.of(), false))
                    .toList();
        }
        return placements;
    }

    void placements(List<Placement> chosen) {
        this.placements = List.copyOf(chosen);
    }

    /** INBOX, or Junk for spam. */
    String defaultMailbox() {
        return junk ? "Junk" : "INBOX";
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
