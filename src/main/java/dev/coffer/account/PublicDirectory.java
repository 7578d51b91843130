package dev.coffer.account;

import dev.coffer.crypto.AccountKeys;
import dev.coffer.crypto.PublishedCertificate;
import dev.coffer.store.Account;
import dev.coffer.store.AliasWkdKeyStore;
import dev.coffer.store.Domain;
import dev.coffer.store.Store;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What the server publishes about its domains and accounts, read-only: which domains it hosts
 * and the public key of each published address (for WKD): every account address, and the aliases
 * whose owners opted in ({@link AliasWkd}).
 */
public final class PublicDirectory {

    private final Store store;

    public PublicDirectory(Store store) {
        this.store = store;
    }

    public boolean hosts(String domain) {
        return store.domains().find(Domains.normalize(domain)).isPresent();
    }

    public List<String> hostedDomains() {
        return store.domains().list().stream().map(Domain::name).toList();
    }

    /** The local parts of the published addresses of a hosted domain. */
    public List<String> publishedLocalParts(String domain) {
        Optional<Domain> hosted = store.domains().find(Domains.normalize(domain));
        if (hosted.isEmpty()) {
            return List.of();
        }
        long id = hosted.get().id();
        String suffix = "@" + hosted.get().name();
        return Stream.concat(
                store.accounts().list().stream().filter(account -> account.domainId() == id).map(Account::address),
                store.aliasWkdKeys().list().stream().map(AliasWkdKeyStore.PublishedAlias::address)
                        .filter(address -> address.endsWith(suffix)))
                .map(address -> address.substring(0, address.lastIndexOf('@')))
                .distinct()
                .toList();
    }

    /**
     * The binary public key of a published address, with that address as its only user ID;
     * empty when the address is not published or its key does not name it.
     */
    public Optional<byte[]> publicKey(Address address) {
        String text = address.toString();
        Optional<String> key = store.accounts().findByAddress(text).map(Account::publicKey)
                .or(() -> store.aliasWkdKeys().findByAddress(text).filter(this::stillTheAccountKey)
                        .map(AliasWkdKeyStore.PublishedAlias::publicKey));
        return key.flatMap(armored -> PublishedCertificate.forAddress(armored, text));
    }

    /** An alias key certified before the account got a new key (a reset) is no longer served. */
    private boolean stillTheAccountKey(AliasWkdKeyStore.PublishedAlias alias) {
        String published = AccountKeys.fingerprint(alias.publicKey());
        return store.accounts().findById(alias.accountId()).map(Account::keyFingerprint)
                .filter(published::equals).isPresent();
    }
}
