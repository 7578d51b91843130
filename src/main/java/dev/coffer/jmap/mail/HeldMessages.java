package dev.coffer.jmap.mail;

import dev.coffer.jmap.OutgoingMessages;
import dev.coffer.store.Account;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The bytes of Emails a client imported (RFC 8621 §4.8), kept in memory for sending
 * (EmailSubmission): the stored copy is encrypted to the user, so the server could not send
 * it. Bounded in count and octets, forgotten after {@link #LIFETIME}; never written to disk.
 */
public final class HeldMessages implements OutgoingMessages {

    public static final Duration LIFETIME = Duration.ofHours(1);

    private record Held(long accountId, byte[] content, Instant expires) {}

    private final Map<String, Held> byEmail = new LinkedHashMap<>();
    private final int maxHeld;
    private final long maxOctets;
    private final Clock clock;

    public HeldMessages(int maxHeld, long maxOctets, Clock clock) {
        this.maxHeld = maxHeld;
        this.maxOctets = maxOctets;
        this.clock = clock;
    }

    synchronized void hold(long accountId, String emailId, byte[] content) {
        byEmail.remove(key(accountId, emailId));
        byEmail.put(key(accountId, emailId), new Held(accountId, content, clock.instant().plus(LIFETIME)));
        prune();
    }

    @Override
    public synchronized Optional<byte[]> forSubmission(Account account, String emailId) {
        prune();
        return Optional.ofNullable(byEmail.get(key(account.id(), emailId))).map(Held::content);
    }

    private void prune() {
        Instant now = clock.instant();
        byEmail.values().removeIf(held -> !held.expires().isAfter(now));
        long octets = byEmail.values().stream().mapToLong(held -> held.content().length).sum();
        Iterator<Held> oldestFirst = byEmail.values().iterator();
        while (oldestFirst.hasNext() && (byEmail.size() > maxHeld || octets > maxOctets)) {
            octets -= oldestFirst.next().content().length;
            oldestFirst.remove();
        }
    }

    private static String key(long accountId, String emailId) {
        return accountId + "/" + emailId;
    }
}
