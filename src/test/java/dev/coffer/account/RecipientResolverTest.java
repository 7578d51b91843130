package dev.coffer.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.store.Account;
import dev.coffer.store.Store;
import dev.coffer.store.StoreFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecipientResolverTest {

    @TempDir
    Path dir;

    Store store;
    AliasService aliases;
    RecipientResolver resolver;
    Account alice;
    Account bob;

    @BeforeEach
    void open() throws Exception {
        store = Store.open(dir);
        alice = StoreFixture.account(store, "alice@example.org");
        bob = StoreFixture.account(store, "bob@example.org");
        aliases = new AliasService(store, new AccountService(store));
        resolver = new RecipientResolver(store, "+");
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void findsAnAccountIgnoringCase() {
        assertThat(resolver.resolve("Alice@Example.ORG")).isEqualTo(local(alice));
    }

    @Test
    void stripsTheSubaddressTag() {
        assertThat(resolver.resolve("alice+news@example.org")).isEqualTo(local(alice));
    }

    @Test
    void followsAnAliasToEachTarget() throws Exception {
        aliases.add("team@example.org", "alice@example.org");
        aliases.add("team@example.org", "bob@example.org");

        assertThat(resolver.resolve("team@example.org"))
                .isEqualTo(new Recipient.Local(java.util.List.of(alice, bob)));
    }

    @Test
    void usesTheCatchAllOnlyForUnknownLocalParts() throws Exception {
        aliases.add("@example.org", "bob@example.org");

        assertThat(resolver.resolve("anything@example.org")).isEqualTo(local(bob));
        assertThat(resolver.resolve("alice@example.org")).isEqualTo(local(alice));
    }

    @Test
    void aSubaddressedAliasResolvesToTheAlias() throws Exception {
        aliases.add("info@example.org", "alice@example.org");

        assertThat(resolver.resolve("info+shop@example.org")).isEqualTo(local(alice));
    }

    @Test
    void unknownLocalPartOfAHostedDomainIsUnknown() {
        assertThat(resolver.resolve("nobody@example.org")).isInstanceOf(Recipient.Unknown.class);
    }

    @Test
    void anotherDomainIsNotHosted() {
        assertThat(resolver.resolve("alice@example.net")).isInstanceOf(Recipient.NotHosted.class);
    }

    @Test
    void seesAnAliasAddedAfterItWasBuilt() throws Exception {
        assertThat(resolver.resolve("late@example.org")).isInstanceOf(Recipient.Unknown.class);

        aliases.add("late@example.org", "bob@example.org");

        assertThat(resolver.resolve("late@example.org")).isEqualTo(local(bob));
    }

    private static Recipient local(Account account) {
        return new Recipient.Local(java.util.List.of(account));
    }

    @Test
    void anAliasAddedOrRemovedCountsFromTheNextLookUp() throws Exception {
        assertThat(resolver.resolve("sales@example.org")).isInstanceOf(Recipient.Unknown.class);

        aliases.add("sales@example.org", "bob@example.org");
        assertThat(resolver.resolve("sales@example.org")).isEqualTo(local(bob));

        aliases.delete("sales@example.org");
        assertThat(resolver.resolve("sales@example.org")).isInstanceOf(Recipient.Unknown.class);
    }

    @Test
    void aDomainAndAnAccountAddedByAnotherProcessCountAtOnce() throws Exception {
        assertThat(resolver.resolve("carol@example.com")).isInstanceOf(Recipient.NotHosted.class);

        // What `coffer user add` does while the server runs: its own opening of the data directory.
        Account carol;
        try (Store cli = Store.open(dir)) {
            carol = StoreFixture.account(cli, "carol@example.com");
        }

        assertThat(resolver.resolve("carol@example.com")).isEqualTo(local(carol));
    }

    @Test
    void aLockedAccountTakesNoMoreMailFromTheNextLookUp() {
        assertThat(resolver.resolve("alice@example.org")).isEqualTo(local(alice));

        store.accounts().lock(alice.id(), java.time.Instant.now());

        assertThat(resolver.resolve("alice@example.org")).isInstanceOf(Recipient.Unknown.class);
    }

    @Test
    void aNewKeyIsWhatTheNextLookUpGives() {
        assertThat(resolver.resolve("alice@example.org")).isEqualTo(local(alice));

        store.accounts().replaceCredentials(alice.id(), alice.credentials(), "new public key", null, "NEWFP");

        assertThat(resolver.resolve("alice@example.org")).isInstanceOfSatisfying(Recipient.Local.class,
                local -> assertThat(local.accounts().getFirst().publicKey()).isEqualTo("new public key"));
    }
}
