package dev.coffer.account;

import dev.coffer.store.Account;
import dev.coffer.store.Alias;
import dev.coffer.store.Store;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves a recipient address, in the order Postfix users expect: the exact account,
 * then an exact alias, then the same two without the sub-address tag ({@code user+tag},
 * RFC 5233), then the domain's catch-all. Reads the store on every call, so changes made
 * by CLI commands take effect at once.
 */
public final class RecipientResolver {

    private final Store store;
    private final String separator;

    public RecipientResolver(Store store, String subaddressSeparator) {
        this.store = store;
        this.separator = subaddressSeparator;
    }

    public Recipient resolve(String addressText) {
        return resolve(addressText, true);
    }

    /**
     * The accounts an address names explicitly: as {@link #resolve} but without the
     * catch-all, which must not let its owner send as every address of the domain.
     */
    public Recipient resolveExplicit(String addressText) {
        return resolve(addressText, false);
    }

    private Recipient resolve(String addressText, boolean withCatchAll) {
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
        return targets.isEmpty() ? Optional.empty() : Optional.of(new ArrayList<>(targets.values()));
    }
}
