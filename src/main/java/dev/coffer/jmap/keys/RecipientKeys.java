package dev.coffer.jmap.keys;

import dev.coffer.account.AccountException;
import dev.coffer.account.Address;
import dev.coffer.account.PublicDirectory;
import dev.coffer.crypto.FetchedCertificate;
import dev.coffer.crypto.KeyFormatException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the public key of a recipient: a local account's from the server's own directory, any
 * other from the Web Key Directory of its domain. Answers from elsewhere are cached, each kind
 * for its own time; a failure briefly, so that a broken server is not asked on every call.
 */
public final class RecipientKeys {

    /** How long each kind of remote answer is kept. */
    public record CacheTimes(Duration found, Duration notFound, Duration failed) {
        public static final CacheTimes DEFAULTS = new CacheTimes(Duration.ofHours(1), Duration.ofMinutes(15),
                Duration.ofMinutes(1));
    }

    public static final int CACHE_SIZE = 10_000;

    private record Cached(KeyLookupResult result, Instant expires) {}

    private final PublicDirectory directory;
    private final WkdClient wkd;
    private final CacheTimes times;
    private final Clock clock;
    private final Map<String, Cached> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    public RecipientKeys(PublicDirectory directory, WkdClient wkd, CacheTimes times, Clock clock) {
        this.directory = directory;
        this.wkd = wkd;
        this.times = times;
        this.clock = clock;
    }

    public KeyLookupResult lookup(String text) {
        Address address;
        try {
            address = Address.parse(text);
        } catch (AccountException e) {
            return new KeyLookupResult.InvalidAddress(text + " is not an email address: " + e.getMessage());
        }
        if (directory.hosts(address.domain())) {
            return local(address);
        }
        String key = address.toString().toLowerCase(Locale.ROOT);
        Optional<KeyLookupResult> cached = cached(key);
        if (cached.isPresent()) {
            return cached.get();
        }
        String trimmed = text.strip();
        KeyLookupResult fresh = wkd.lookup(address, trimmed.substring(0, trimmed.lastIndexOf('@')));
        remember(key, fresh);
        return fresh;
    }

    /** A hosted domain is answered from the store alone: its own WKD would say the same. */
    private KeyLookupResult local(Address address) {
        Optional<byte[]> published = directory.publicKey(address);
        if (published.isEmpty()) {
            return new KeyLookupResult.NotFound(address + " has no published key on this server");
        }
        try {
            FetchedCertificate key = FetchedCertificate.read(published.get(), address.toString());
            return new KeyLookupResult.Found(key.armored(), key.fingerprint(), KeyLookupResult.Source.LOCAL);
        } catch (KeyFormatException e) {
            return new KeyLookupResult.LookupFailed("the key of " + address + " on this server is not usable: "
                    + e.getMessage());
        }
    }

    private synchronized Optional<KeyLookupResult> cached(String key) {
        Cached entry = cache.get(key);
        if (entry == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(entry.expires())) {
            cache.remove(key);
            return Optional.empty();
        }
        return Optional.of(entry.result());
    }

    private synchronized void remember(String key, KeyLookupResult result) {
        Duration ttl = switch (result) {
            case KeyLookupResult.Found found -> times.found();
            case KeyLookupResult.NotFound notFound -> times.notFound();
            case KeyLookupResult.LookupFailed failed -> times.failed();
            case KeyLookupResult.InvalidAddress invalid -> Duration.ZERO;
        };
        if (!ttl.isZero()) {
            cache.put(key, new Cached(result, clock.instant().plus(ttl)));
        }
    }
}
