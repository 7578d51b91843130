package dev.coffer.account;

import dev.coffer.store.Account;
import dev.coffer.store.Alias;
import dev.coffer.store.ChangeCounters;
import dev.coffer.store.ReadCache;
import dev.coffer.store.Store;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves a recipient address, in the order Postfix users expect: the exact account,
 * then an exact alias, then the same two without the sub-address tag ({@code user+tag},
 * RFC 5233), then the domain's catch-all.
 *
 * <p>Answers are cached, as each delivery asks twice (at RCPT and again after DATA). The cache
 * is invalidated by {@link ChangeCounters.Topic#DIRECTORY}, which every write of domains,
 * accounts (but their last-login date) and aliases moves on, in whatever process it runs: changes
 * made by CLI commands still take effect at once.
 */
public final class RecipientResolver {

    /** Unknown addresses are cached too; a dictionary attack empties the cache, no more. */
    private static final int CACHED_ADDRESSES = 10_000;

    private final Store store;
    private final String separator;
    /** Keyed by the address as given: a String compares and hashes faster than a record key. */
    private final ReadCache<String, Recipient> answers;
    private final ReadCache<String, Recipient> explicitAnswers;

    public RecipientResolver(Store store, String subaddressSeparator) {
        this.store = store;
        this.separator = subaddressSeparator;
        this.answers = new ReadCache<>(store.changes(), ChangeCounters.Topic.DIRECTORY, CACHED_ADDRESSES);
        this.explicitAnswers = new ReadCache<>(store.changes(), ChangeCounters.Topic.DIRECTORY, CACHED_ADDRESSES);
    }

    public Recipient resolve(String addressText) {
        return answers.get(addressText, address -> lookUp(address, true));
    }

    /**
     * The accounts an address names explicitly: as {@link #resolve} but without the
     * catch-all, which must not let its owner send as every address of the domain.
     */
    public Recipient resolveExplicit(String addressText) {
        return explicitAnswers.get(addressText, address -> lookUp(address, false));
    }

    private Recipient lookUp(String addressText, boolean withCatchAll) {
        Address address;
        try {
            address = Address.parse(addressText);
        } catch (AccountException e) {
            return new Recipient.Unknown();
        }
        if (store.domains().find(address.domain()).isEmpty()) {
            return new Recipient.NotHosted();
        }
        Optional<List<Account>> found = exact(address.toString());
        int tag = address.localPart().indexOf(separator);
        if (found.isEmpty() && tag > 0) {
            found = exact(address.localPart().substring(0, tag) + "@" + address.domain());
        }
        if (found.isEmpty() && withCatchAll) {
            found = aliasTargets("@" + address.domain());
        }
        return found.<Recipient>map(Recipient.Local::new).orElseGet(Recipient.Unknown::new);
    }

    private Optional<List<Account>> exact(String address) {
        // A locked account (deletion requested) takes no more mail: it is unknown from then on.
        Optional<Account> account = store.accounts().findByAddress(address).filter(found -> !found.locked());
        if (account.isPresent()) {
            return Optional.of(List.of(account.get()));
        }
        return aliasTargets(address);
    }

    private Optional<List<Account>> aliasTargets(String address) {
        List<Alias> aliases = store.aliases().findByAddress(address);
        if (aliases.isEmpty()) {
            return Optional.empty();
        }
        Map<Long, Account> targets = new LinkedHashMap<>();
        for (Alias alias : aliases) {
            store.accounts().findById(alias.targetAccountId()).filter(a -> !a.locked())
                    .ifPresent(a -> targets.put(a.id(), a));
        }
        return targets.isEmpty() ? Optional.empty() : Optional.of(List.copyOf(targets.values()));
    }
}
