package dev.coffer.jmap.keys;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.coffer.crypto.AccountKeyPair;
import dev.coffer.crypto.AccountKeys;
import dev.coffer.jmap.Login;
import dev.coffer.jmap.standard.RecordingCall;
import dev.coffer.store.Account;
import dev.coffer.store.Domain;
import dev.coffer.store.Store;
import dev.coffer.store.StoreFixture;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccountKeyGetTest {

    Store store;
    Account lena;
    AccountKeyPair keys;

    @BeforeEach
    void open(@TempDir Path dir) throws Exception {
        store = Store.open(dir);
        Domain domain = store.domains().add("coffer.test");
        keys = AccountKeys.generate(List.of("lena@coffer.test"), "passphrase".toCharArray());
        lena = store.accounts().create(domain.id(), "lena@coffer.test",
                new Account.Credentials("c2FsdA==", 65536, 3, 1, "sha256$x$y"),
                keys.publicKeyArmored(), keys.secretKeyArmored(), keys.fingerprint(), StoreFixture.MAILBOXES);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void givesTheWebmailSessionThePublicAndTheProtectedSecretKeyWithTheKdfParameters() throws Exception {
        JsonNode answer = new AccountKeyGet(store.accounts()).call(JsonNodeFactory.instance.objectNode(), new RecordingCall(lena));

        assertThat(answer.get("publicKey").asText()).isEqualTo(keys.publicKeyArmored());
        assertThat(answer.get("secretKey").asText()).isEqualTo(keys.secretKeyArmored());
        assertThat(answer.get("fingerprint").asText()).isEqualTo(keys.fingerprint());
        assertThat(answer.at("/kdf/algorithm").asText()).isEqualTo("argon2id");
        assertThat(answer.at("/kdf/salt").asText()).isEqualTo("c2FsdA==");
    }

    @Test
    void withholdsTheSecretKeyFromAppPasswordClientsWhichCouldGuessThePasswordOfflineWithIt() throws Exception {
        JsonNode answer = new AccountKeyGet(store.accounts())
                .call(JsonNodeFactory.instance.objectNode(), new RecordingCall(lena, Login.APP_PASSWORD));

        assertThat(answer.get("publicKey").asText()).isEqualTo(keys.publicKeyArmored());
        assertThat(answer.get("secretKey").isNull()).isTrue();
    }
}
