package dev.coffer.account;

import dev.coffer.store.Account;
import dev.coffer.store.AppPassword;
import dev.coffer.store.Domain;
import dev.coffer.store.MailboxSpec;
import dev.coffer.store.Store;
import dev.coffer.store.StoreException;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Domains, accounts and app passwords: the operations behind the CLI and, later, the admin API. */
public final class AccountService {

    /** RFC 6154 special-use mailboxes every account starts with. */
    static final List<MailboxSpec> DEFAULT_MAILBOXES = List.of(
            new MailboxSpec("INBOX", null),
            new MailboxSpec("Drafts", "\\Drafts"),
            new MailboxSpec("Sent", "\\Sent"),
            new MailboxSpec("Archive", "\\Archive"),
            new MailboxSpec("Junk", "\\Junk"),
            new MailboxSpec("Trash", "\\Trash"));

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String APP_PASSWORD_ALPHABET = "abcdefghijkmnopqrstuvwxyz23456789";

    private final Store store;

    public AccountService(Store store) {
        this.store = store;
    }

    /** Hosts a domain, with fresh DKIM keys (Ed25519 and RSA) to sign its outgoing mail. */
    public Domain addDomain(String name) throws AccountException {
        String normalized = Domains.normalize(name);
        if (!Domains.isValid(normalized)) {
            throw new AccountException("'" + name + "' is not a valid domain name");
        }
        if (store.domains().find(normalized).isPresent()) {
            throw new AccountException("domain " + normalized + " already exists");
        }
        Domain domain = store.domains().add(normalized);
        new DomainDkimKeys(store, Clock.systemUTC()).rotate(domain);
        return domain;
    }

    public Domain domain(String name) throws AccountException {
        return hostedDomain(Domains.normalize(name));
    }

    public List<Domain> domains() {
        return store.domains().list();
    }

    /** Creates an account from what the client prepared; its domain must be hosted. */
    public Account createAccount(Address address, Enrollment enrollment) throws AccountException {
        Domain domain = hostedDomain(address.domain());
        String text = address.toString();
        if (store.accounts().findByAddress(text).isPresent()) {
            throw new AccountException("account " + text + " already exists");
        }
        if (!store.aliases().findByAddress(text).isEmpty()) {
            throw new AccountException(text + " is already an alias; delete the alias first");
        }
        if (store.accounts().isRetired(text)) {
            throw new AccountException(text + " belonged to a deleted account and is never given out again");
        }
        return store.accounts().create(domain.id(), text, credentials(enrollment), enrollment.publicKey(),
                enrollment.secretKey(), enrollment.fingerprint(), DEFAULT_MAILBOXES);
    }

    public List<Account> accounts() {
        return store.accounts().list();
    }

    public Account account(String address) throws AccountException {
        Address parsed = Address.parse(address);
        return find(parsed).orElseThrow(() -> new AccountException("no account " + parsed));
    }

    public Optional<Account> find(Address address) {
        return store.accounts().findByAddress(address.toString());
    }

    /**
     * Deletes the account at once: its keys first (crypto-shredding), then its mail (rows and
     * blobs), aliases pointing at it and app passwords. Its address is retired for good.
     */
    public void deleteAccount(String address) throws AccountException {
        shred(account(address));
    }

    /** Crypto-shreds and deletes one account; see {@link #deleteAccount}. */
    public void shred(Account account) {
        store.accounts().shredKeys(account.id());
        store.accounts().retire(account.address(), Instant.now());
        List<String> blobs = store.accounts().delete(account.id());
        for (String blob : blobs) {
            try {
                store.blobs().delete(blob);
            } catch (IOException e) {
                throw new StoreException("account deleted, but blob " + blob + " could not be removed", e);
            }
        }
    }

    /** Makes everything the account sends require verified TLS (or stops requiring it). */
    public Account setRequireTls(String address, boolean required) throws AccountException {
        Account account = account(address);
        store.accounts().setRequireTls(account.id(), required);
        return account;
    }

    /** Lets the account use the admin API (once it has a second factor), or stops it. */
    public Account setAdmin(String address, boolean admin) throws AccountException {
        Account account = account(address);
        store.accounts().setAdmin(account.id(), admin);
        return account;
    }

    /** Stores new credentials prepared by the client (a password change or a key reset). */
    public void replaceCredentials(Account account, Enrollment enrollment) {
        store.accounts().replaceCredentials(account.id(), credentials(enrollment), enrollment.publicKey(),
                enrollment.secretKey(), enrollment.fingerprint());
    }

    /** Checks the authKey a client derived from the password (the server never sees the password). */
    public boolean verifyAuthKey(Account account, byte[] authKey) {
        return Verifiers.matches(account.credentials().authVerifier(), authKey);
    }

    public NewAppPassword addAppPassword(String address, String name, Set<AppPasswordScope> scopes)
            throws AccountException {
        Account account = account(address);
        if (name.isBlank() || name.length() > 64) {
            throw new AccountException("an app password needs a name of 1 to 64 characters");
        }
        if (scopes.isEmpty()) {
            throw new AccountException("an app password needs at least one scope: read, send or jmap");
        }
        boolean taken = store.appPasswords().list(account.id()).stream().anyMatch(p -> p.name().equals(name));
        if (taken) {
            throw new AccountException(address + " already has an app password named '" + name + "'");
        }
        String secret = generateAppPassword();
        Set<String> scopeIds = scopes.stream().map(AppPasswordScope::id).collect(Collectors.toSet());
        AppPassword record = store.appPasswords().add(account.id(), name, Verifiers.create(secret), scopeIds);
        return new NewAppPassword(record, secret);
    }

    public List<AppPassword> appPasswords(String address) throws AccountException {
        return store.appPasswords().list(account(address).id());
    }

    public void revokeAppPassword(String address, String name) throws AccountException {
        if (!store.appPasswords().revoke(account(address).id(), name)) {
            throw new AccountException(address + " has no app password named '" + name + "'");
        }
    }

    public static Set<AppPasswordScope> allScopes() {
        return EnumSet.allOf(AppPasswordScope.class);
    }

    Domain hostedDomain(String name) throws AccountException {
        return store.domains().find(name).orElseThrow(() ->
                new AccountException("domain " + name + " is not hosted here; add it with 'coffer domain add " + name + "'"));
    }

    private static Account.Credentials credentials(Enrollment enrollment) {
        return new Account.Credentials(enrollment.saltBase64(), enrollment.kdf().memoryKiB(),
                enrollment.kdf().iterations(), enrollment.kdf().parallelism(), Verifiers.create(enrollment.authKey()));
    }

    /** 16 characters from 33 without look-alikes (no l, 0, 1), in groups of 4: over 80 bits. */
    private static String generateAppPassword() {
        StringBuilder password = new StringBuilder();
        for (int group = 0; group < 4; group++) {
            if (group > 0) {
                password.append('-');
            }
            for (int i = 0; i < 4; i++) {
                password.append(APP_PASSWORD_ALPHABET.charAt(RANDOM.nextInt(APP_PASSWORD_ALPHABET.length())));
            }
        }
        return password.toString();
    }
}
