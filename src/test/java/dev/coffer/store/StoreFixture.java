package dev.coffer.store;

import java.util.List;

/** Accounts made directly in the store, with placeholder keys, for tests that need no crypto. */
public final class StoreFixture {

    public static final List<MailboxSpec> MAILBOXES = List.of(new MailboxSpec("INBOX", null),
            new MailboxSpec("Sent", "\\Sent"));

    private StoreFixture() {}

    public static Account account(Store store, String address) {
        String domainName = address.substring(address.indexOf('@') + 1);
        Domain domain = store.domains().find(domainName).orElseGet(() -> store.domains().add(domainName));
        Account.Credentials credentials = new Account.Credentials("c2FsdA==", 65536, 3, 1, "sha256$x$y");
        return store.accounts().create(domain.id(), address, credentials, "public key of " + address,
                "protected secret key", "FINGERPRINT", MAILBOXES);
    }
}
