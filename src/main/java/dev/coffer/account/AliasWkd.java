package dev.coffer.account;

import dev.coffer.crypto.AliasUserId;
import dev.coffer.crypto.KeyFormatException;
import dev.coffer.store.Account;
import dev.coffer.store.Alias;
import dev.coffer.store.AliasWkdKeyStore;
import dev.coffer.store.Store;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Aliases in the Web Key Directory, opt-in: the owner's client certifies a user ID for the alias
 * on the account's key and uploads it; once it checks out, WKD serves the key for the alias with
 * that user ID alone. Opting out removes it. The server never signs anything itself.
 */
public final class AliasWkd {

    /** One of the account's aliases, and whether WKD publishes it. */
    public record Entry(String address, boolean published) {}

    private final Store store;
    private final SecurityLog log;
    private final Clock clock;

    public AliasWkd(Store store, SecurityLog log, Clock clock) {
        this.store = store;
        this.log = log;
        this.clock = clock;
    }

    /** The account's aliases (catch-alls aside: they name no address to publish). */
    public List<Entry> aliases(Account account) {
        Set<Long> published = store.aliasWkdKeys().list().stream()
                .map(AliasWkdKeyStore.PublishedAlias::aliasId).collect(Collectors.toSet());
        return store.aliases().list().stream()
                .filter(alias -> alias.targetAccountId() == account.id() && !alias.isCatchAll())
                .map(alias -> new Entry(alias.address(), published.contains(alias.id())))
                .toList();
    }

    /**
     * Publishes an alias with the uploaded key: the account's key carrying a user ID for the alias
     * that its primary key certified.
     *
     * @throws AccountException when the alias is not the account's or the key does not check out
     */
    public void publish(Account account, String aliasAddress, String uploadedKeyArmored) throws AccountException {
        Alias alias = ownAlias(account, aliasAddress);
        String key;
        try {
            key = AliasUserId.verified(account.publicKey(), uploadedKeyArmored, alias.address());
        } catch (KeyFormatException e) {
            throw new AccountException(e.getMessage());
        }
        store.aliasWkdKeys().put(alias.id(), key, clock.instant());
        log.record(account, "alias-key-published", alias.address());
    }

    /** Stops publishing an alias; publishing nothing is not an error. */
    public void withdraw(Account account, String aliasAddress) throws AccountException {
        Alias alias = ownAlias(account, aliasAddress);
        if (store.aliasWkdKeys().delete(alias.id())) {
            log.record(account, "alias-key-withdrawn", alias.address());
        }
    }

    private Alias ownAlias(Account account, String aliasAddress) throws AccountException {
        String address = Address.parse(aliasAddress).toString();
        return store.aliases().findByAddress(address).stream()
                .filter(alias -> alias.targetAccountId() == account.id())
                .findFirst()
                .orElseThrow(() -> new AccountException(address + " is not an alias of " + account.address()));
    }
}
