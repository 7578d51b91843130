package dev.coffer.account;

import dev.coffer.store.Account;
import dev.coffer.store.Domain;
import dev.coffer.store.DomainClaim;
import dev.coffer.store.Store;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Users' own domains: a user claims a name and gets a token; once DNS has the TXT record
 * {@code _coffer-verify.DOMAIN TXT "coffer-verify=TOKEN"}, verification makes the domain hosted,
 * with DKIM keys, owned by that user. Until then the domain is not hosted: mail for it is refused
 * and nothing is signed for it. Domains the operator adds ({@code coffer domain add}) need no proof.
 */
public final class DomainOwnership {

    public static final String RECORD_LABEL = "_coffer-verify";
    public static final String VALUE_PREFIX = "coffer-verify=";
    /** Unproved claims one account may hold at a time. */
    public static final int MAX_CLAIMS_PER_ACCOUNT = 10;
    /** A user's verification of one claim looks DNS up at most this often. */
    public static final Duration LOOKUP_INTERVAL = Duration.ofSeconds(5);
    private static final int MAX_REMEMBERED_LOOKUPS = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(DomainOwnership.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The TXT records at a name, each one's strings joined; empty when there are none. */
    @FunctionalInterface
    public interface TxtLookup {
        List<String> txt(String name) throws IOException;
    }

    /** What the claimant publishes: a TXT record of {@code value} at {@code recordName}. */
    public record Challenge(String domain, String recordName, String value) {

        static Challenge of(DomainClaim claim) {
            return new Challenge(claim.name(), RECORD_LABEL + "." + claim.name(), VALUE_PREFIX + claim.token());
        }
    }

    private final Store store;
    private final TxtLookup dns;
    private final Clock clock;
    private final Map<Long, Instant> lastLookupByClaim = new ConcurrentHashMap<>();

    public DomainOwnership(Store store, TxtLookup dns, Clock clock) {
        this.store = store;
        this.dns = dns;
        this.clock = clock;
    }

    /** The account's claim on the domain: a new token, or the one it already has. */
    public Challenge claim(Account account, String domainName) throws DomainClaimException {
        String name = Domains.normalize(domainName);
        if (!Domains.isValid(name)) {
            throw new DomainClaimException(DomainClaimException.Reason.INVALID_NAME,
                    "'" + domainName + "' is not a valid domain name");
        }
        if (store.domains().find(name).isPresent()) {
            throw new DomainClaimException(DomainClaimException.Reason.ALREADY_HOSTED,
                    name + " is already hosted here");
        }
        List<DomainClaim> claims = store.domainClaims().forAccount(account.id());
        boolean known = claims.stream().anyMatch(claim -> claim.name().equals(name));
        if (!known && claims.size() >= MAX_CLAIMS_PER_ACCOUNT) {
            throw new DomainClaimException(DomainClaimException.Reason.TOO_MANY_CLAIMS, "an account may have "
                    + MAX_CLAIMS_PER_ACCOUNT + " unverified domains at a time; verify or withdraw one first");
        }
        return Challenge.of(store.domainClaims().add(name, account.id(), newToken()));
    }

    /** The account's unproved claims. */
    public List<Challenge> pending(Account account) {
        return store.domainClaims().forAccount(account.id()).stream().map(Challenge::of).toList();
    }

    /** The hosted domains this account proved. */
    public List<String> owned(Account account) {
        return store.domainClaims().provedBy(account.id());
    }

    public boolean withdraw(Account account, String domainName) {
        return store.domainClaims().remove(Domains.normalize(domainName), account.id());
    }

    /** Verifies the account's own claim. */
    public Domain verify(Account account, String domainName) throws DomainClaimException {
        String name = Domains.normalize(domainName);
        List<DomainClaim> claims = store.domainClaims().forName(name).stream()
                .filter(claim -> claim.accountId() == account.id()).toList();
        for (DomainClaim claim : claims) {
            throttle(claim);
        }
        return verify(name, claims);
    }

    /** One DNS lookup per claim per {@link #LOOKUP_INTERVAL}, so users cannot make the server flood its resolver. */
    private void throttle(DomainClaim claim) throws DomainClaimException {
        Instant now = clock.instant();
        if (lastLookupByClaim.size() > MAX_REMEMBERED_LOOKUPS) {
            lastLookupByClaim.values().removeIf(at -> at.plus(LOOKUP_INTERVAL).isBefore(now));
        }
        Instant previous = lastLookupByClaim.put(claim.id(), now);
        if (previous != null && previous.plus(LOOKUP_INTERVAL).isAfter(now)) {
            lastLookupByClaim.put(claim.id(), previous);
            throw new DomainClaimException(DomainClaimException.Reason.TOO_SOON, "DNS was looked up for "
                    + claim.name() + " a moment ago; try again in " + LOOKUP_INTERVAL.toSeconds() + " seconds");
        }
    }

    /** The operator's verification: whichever claim on the domain DNS proves. */
    public Domain verifyAnyClaim(String domainName) throws DomainClaimException {
        String name = Domains.normalize(domainName);
        return verify(name, store.domainClaims().forName(name));
    }

    private Domain verify(String name, List<DomainClaim> claims) throws DomainClaimException {
        if (store.domains().find(name).isPresent()) {
            throw new DomainClaimException(DomainClaimException.Reason.ALREADY_HOSTED,
                    name + " is already hosted here (verified)");
        }
        if (claims.isEmpty()) {
            throw new DomainClaimException(DomainClaimException.Reason.NO_CLAIM,
                    "there is no claim on " + name + "; add the domain first");
        }
        String recordName = RECORD_LABEL + "." + name;
        List<String> published;
        try {
            published = dns.txt(recordName);
        } catch (IOException e) {
            throw new DomainClaimException(DomainClaimException.Reason.LOOKUP_FAILED,
                    "cannot look up " + recordName + " TXT: " + e.getMessage() + "; try again later");
        }
        Optional<DomainClaim> proved = claims.stream()
                .filter(claim -> published.contains(VALUE_PREFIX + claim.token()))
                .findFirst();
        if (proved.isEmpty()) {
            throw new DomainClaimException(DomainClaimException.Reason.NOT_PROVED, published.isEmpty()
                    ? "no TXT record at " + recordName + " yet; publish the token and try again"
                    : recordName + " has no TXT record with the token; it has " + published.size()
                            + " other(s); publish \"" + VALUE_PREFIX + "…\" exactly as given");
        }
        Domain domain = store.domainClaims().prove(proved.get());
        new DomainDkimKeys(store, clock).rotate(domain);
        LOG.info("event=domain-verified domain={} account={}", name, proved.get().accountId());
        return domain;
    }

    private static String newToken() {
        byte[] token = new byte[16];
        RANDOM.nextBytes(token);
        return HexFormat.of().formatHex(token);
    }
}
