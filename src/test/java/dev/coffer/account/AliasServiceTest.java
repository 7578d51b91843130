package dev.coffer.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.store.Store;
import dev.coffer.store.StoreFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AliasServiceTest {

    @TempDir
    Path dir;

    Store store;
    AliasService aliases;

    @BeforeEach
    void open() throws Exception {
        store = Store.open(dir);
        StoreFixture.account(store, "alice@example.org");
        aliases = new AliasService(store, new AccountService(store));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void refusesAnAliasInAnUnhostedDomain() {
        assertThatThrownBy(() -> aliases.add("x@elsewhere.net", "alice@example.org"))
                .isInstanceOf(AccountException.class).hasMessageContaining("not hosted");
    }

    @Test
    void refusesAnAliasThatIsAnAccount() {
        assertThatThrownBy(() -> aliases.add("alice@example.org", "alice@example.org"))
                .hasMessageContaining("is an account");
    }

    @Test
    void refusesAnAliasToAMissingAccount() {
        assertThatThrownBy(() -> aliases.add("x@example.org", "ghost@example.org"))
                .hasMessageContaining("no account");
    }

    @Test
    void storesACatchAllInNormalForm() throws Exception {
        assertThat(aliases.add("@Example.ORG.", "alice@example.org").address()).isEqualTo("@example.org");
    }

    @Test
    void deletingAMissingAliasSaysSo() {
        assertThatThrownBy(() -> aliases.delete("none@example.org")).hasMessageContaining("no alias");
    }
}
