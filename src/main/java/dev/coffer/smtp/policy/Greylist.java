package dev.coffer.smtp.policy;

import dev.coffer.store.GreylistEntry;
import dev.coffer.store.GreylistStore;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Greylisting (RFC 6647): mail from an unknown (client network, sender, recipient) triplet is
 * refused for a while; a real MTA retries and gets through, and its network is then
 * whitelisted. State lives in the store, so a restart does not greylist anyone again.
 */
public final class Greylist {

    /** How often expired triplets and networks are deleted, at most. */
    private static final Duration PURGE_INTERVAL = Duration.ofHours(1);

    /**
     * @param delay        how long a new triplet is refused (a real MTA retries after minutes)
     * @param retryWindow  how long after first being seen a retry still passes; later, the triplet starts over
     * @param whitelistFor how long a passed triplet, and its client network, stay whitelisted
     */
    public record Settings(Duration delay, Duration retryWindow, Duration whitelistFor) {
        public Settings {
            if (delay.isNegative() || delay.isZero() || retryWindow.compareTo(delay) <= 0
                    || whitelistFor.isNegative() || whitelistFor.isZero()) {
                throw new IllegalArgumentException("greylisting needs a positive delay, a longer retry window and"
                        + " a positive whitelisting time");
            }
        }

        /**
         * The delay given, then 24 hours in which a retry passes, and 36 days of whitelisting (as
         * Postgrey and most greylisting servers do).
         */
        public static Settings withDelay(Duration delay) {
            return new Settings(delay, delay.plus(Duration.ofHours(24)), Duration.ofDays(36));
        }
    }

    private final GreylistStore store;
    private final Settings settings;
    private final InstantSource clock;
    private final AtomicLong nextPurge = new AtomicLong(Long.MIN_VALUE);

    public Greylist(GreylistStore store, Settings settings, InstantSource clock) {
        this.store = store;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Whether mail from this client and sender may reach the recipient now: zero if so, else
     * how long the client should wait before it retries.
     *
     * @param sender the envelope sender, empty for the null reverse-path
     */
    public Duration check(InetAddress client, String sender, String recipient) {
        Instant now = clock.instant();
        purgeIfDue(now);
        String network = ClientNetwork.greylist(client);
        String networkDigest = digest("network", network);
        Optional<Instant> whitelisted = store.networkWhitelistedUntil(networkDigest);
        if (whitelisted.isPresent() && whitelisted.get().isAfter(now)) {
            if (dueForRefresh(whitelisted.get(), now)) {
                store.whitelistNetwork(networkDigest, now.plus(settings.whitelistFor()));
            }
            return Duration.ZERO;
        }
        String tripletDigest = digest("triplet", network, sender.toLowerCase(Locale.ROOT),
                recipient.toLowerCase(Locale.ROOT));
        Optional<GreylistEntry> stored = store.triplet(tripletDigest).filter(entry -> entry.expiresAt().isAfter(now));
        if (stored.isEmpty()) {
            // first seen, or its retry window (or whitelisting) ran out: start over
            store.putTriplet(new GreylistEntry(tripletDigest, now, false, now.plus(settings.retryWindow())));
            return settings.delay();
        }
        GreylistEntry entry = stored.get();
        if (entry.passed()) {
            if (dueForRefresh(entry.expiresAt(), now)) {
                store.putTriplet(new GreylistEntry(tripletDigest, entry.firstSeen(), true,
                        now.plus(settings.whitelistFor())));
            }
            return Duration.ZERO;
        }
        Duration waited = Duration.between(entry.firstSeen(), now);
        if (waited.compareTo(settings.delay()) < 0) {
            return settings.delay().minus(waited);
        }
        // retried after the delay, as a real MTA does: whitelist the triplet and the client's network
        Instant until = now.plus(settings.whitelistFor());
        store.putTriplet(new GreylistEntry(tripletDigest, entry.firstSeen(), true, until));
        store.whitelistNetwork(networkDigest, until);
        return Duration.ZERO;
    }

    /** Whitelisting is extended on use, but written at most once a day per entry. */
    private boolean dueForRefresh(Instant expiresAt, Instant now) {
        return Duration.between(now, expiresAt).compareTo(settings.whitelistFor().minus(Duration.ofDays(1))) < 0;
    }

    private void purgeIfDue(Instant now) {
        long due = nextPurge.get();
        if (now.toEpochMilli() >= due
                && nextPurge.compareAndSet(due, now.plus(PURGE_INTERVAL).toEpochMilli())) {
            store.purgeExpired(now);
        }
    }

    /** SHA-256 over the parts, NUL-separated: the store keeps no addresses in the clear. */
    private static String digest(String... parts) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            for (String part : parts) {
                sha256.update(part.getBytes(StandardCharsets.UTF_8));
                sha256.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
