package dev.coffer.account;

import dev.coffer.store.Account;
import dev.coffer.store.Alias;
import dev.coffer.store.Domain;
import dev.coffer.store.Store;
import java.util.List;

/** Aliases ({@code sales@example.org}) and catch-alls ({@code @example.org}) delivering to accounts. */
public final class AliasService {

    private final Store store;
    private final AccountService accounts;

    public AliasService(Store store, AccountService accounts) {
        this.store = store;
        this.accounts = accounts;
    }

    /** Adds an alias or, for {@code @domain}, the domain's catch-all. An alias may have several targets. */
    public Alias add(String aliasText, String targetAddress) throws AccountException {
        Account target = accounts.account(targetAddress);
        String normalized = normalize(aliasText);
        Domain domain = accounts.hostedDomain(domainOf(normalized));
        if (store.accounts().findByAddress(normalized).isPresent()) {
            throw new AccountException(normalized + " is an account; an alias cannot have the same address");
        }
        boolean exists = store.aliases().findByAddress(normalized).stream()
                .anyMatch(alias -> alias.targetAccountId() == target.id());
        if (exists) {
            throw new AccountException(normalized + " already delivers to " + target.address());
        }
        return store.aliases().add(domain.id(), normalized, target);
    }

    public List<Alias> list() {
        return store.aliases().list();
    }

    public void delete(String aliasText) throws AccountException {
        String normalized = normalize(aliasText);
        if (store.aliases().delete(normalized) == 0) {
            throw new AccountException("no alias " + normalized);
        }
    }

    /** {@code @domain} stays a catch-all; anything else must be a full address. */
    static String normalize(String aliasText) throws AccountException {
        String trimmed = aliasText.strip();
        if (trimmed.startsWith("@")) {
            String domain = Domains.normalize(trimmed.substring(1));
            if (!Domains.isValid(domain)) {
                throw new AccountException("'" + aliasText + "' is not a catch-all of the form @domain");
            }
            return "@" + domain;
        }
        return Address.parse(trimmed).toString();
    }

    private static String domainOf(String normalized) {
        return normalized.substring(normalized.lastIndexOf('@') + 1);
    }
}
