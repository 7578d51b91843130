package dev.coffer.jmap.identity;

import dev.coffer.account.AliasService;
import dev.coffer.store.Account;
import dev.coffer.store.Alias;
import dev.coffer.store.IdentityRow;
import dev.coffer.store.IdentityStore;
import dev.coffer.store.ObjectChangeStore;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * An account's sending identities (RFC 8621 §6): one standing identity for its own address and
 * one for each alias that delivers to it (made when first seen, gone when the alias goes), plus
 * those the user adds for addresses they may send from — the rule of SMTP submission.
 */
public final class Identities {

    private final IdentityStore store;
    private final ObjectChangeStore changes;
    private final AliasService aliases;
    private final BiPredicate<Account, String> maySendAs;

    /** @param maySendAs whether an account may send from an address (SMTP submission's ownership rule) */
    public Identities(IdentityStore store, ObjectChangeStore changes, AliasService aliases,
                      BiPredicate<Account, String> maySendAs) {
        this.store = store;
        this.changes = changes;
        this.aliases = aliases;
        this.maySendAs = maySendAs;
    }

    /**
     * The account's identities, the standing ones brought in line with its address and aliases first
     * (one at a time, so two readers never both add the same standing identity).
     */
    public synchronized List<IdentityRow> list(Account account) {
        Set<String> standing = standingAddresses(account);
        List<IdentityRow> rows = store.list(account.id());
        boolean changed = false;
        for (IdentityRow row : rows) {
            if (row.standing() && !standing.remove(row.email())) {
                store.delete(account.id(), row.id());
                changed = true;
            }
        }
        for (String address : standing) {
            store.create(new IdentityRow(0, account.id(), address, "", null, null, "", "", true));
            changed = true;
        }
        return changed ? store.list(account.id()) : rows;
    }

    public Optional<IdentityRow> find(Account account, String id) {
        return list(account).stream().filter(row -> Long.toString(row.id()).equals(id)).findFirst();
    }

    /** Whether the account may send from this address: its own, an alias of it, their sub-addresses. */
    public boolean maySendAs(Account account, String address) {
        return maySendAs.test(account, address);
    }

    public IdentityStore store() {
        return store;
    }

    /** The Identity state string of the account (RFC 8620 §1.2). */
    public String state(Account account) {
        return Long.toString(changes.state(account.id(), IdentityStore.TYPE));
    }

    private Set<String> standingAddresses(Account account) {
        Set<String> addresses = new LinkedHashSet<>();
        addresses.add(account.address().toLowerCase(Locale.ROOT));
        for (Alias alias : aliases.list()) {
            if (alias.targetAccountId() == account.id() && !alias.isCatchAll()) {
                addresses.add(alias.address().toLowerCase(Locale.ROOT));
            }
        }
        return addresses;
    }
}
