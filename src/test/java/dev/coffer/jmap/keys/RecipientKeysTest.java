package dev.coffer.jmap.keys;

import static dev.coffer.jmap.standard.JsonArguments.of;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.account.PublicDirectory;
import dev.coffer.crypto.AccountKeyPair;
import dev.coffer.crypto.AccountKeys;
import dev.coffer.crypto.PublishedCertificate;
import dev.coffer.dns.ConfiguredAddressResolver;
import dev.coffer.jmap.MethodError;
import dev.coffer.jmap.standard.RecordingCall;
import dev.coffer.store.Account;
import dev.coffer.store.Domain;
import dev.coffer.store.Store;
import dev.coffer.store.StoreFixture;
import dev.coffer.testing.MutableClock;
import dev.coffer.testing.TestTls;
import dev.coffer.web.WkdHash;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Key lookup for recipients: the local directory for hosted domains, else a real HTTPS Web Key
 * Directory on loopback reached through the configured resolver, with a test CA.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecipientKeysTest {

    static final String LOCAL = "lena@coffer.test";
    static final String ADVANCED = "Rita.Remote@remote.example";
    static final String DIRECT = "dan@direct.example";
    static final String WRONG = "wrong@remote.example";
    /** Names the test resolver knows; openpgpkey.direct.example is not among them. */
    static final Set<String> KNOWN = Set.of("openpgpkey.remote.example", "direct.example", "openpgpkey.uncertified.example");

    final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T00:00:00Z"));
    Store store;
    Account lena;
    AccountKeyPair lenaKeys;
    WkdServer wkd;
    WkdClient client;
    RecipientKeys keys;
    String advancedKey;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        store = Store.open(Files.createDirectories(dir.resolve("data")));
        Domain domain = store.domains().add("coffer.test");
        lenaKeys = AccountKeys.generate(List.of(LOCAL), "passphrase".toCharArray());
        lena = store.accounts().create(domain.id(), LOCAL, new Account.Credentials("c2FsdA==", 65536, 3, 1, "sha256$x$y"),
                lenaKeys.publicKeyArmored(), lenaKeys.secretKeyArmored(), lenaKeys.fingerprint(), StoreFixture.MAILBOXES);
        Path certificates = Files.createDirectories(dir.resolve("certificates"));
        // the certificate names everything but openpgpkey.uncertified.example
        wkd = new WkdServer(TestTls.serverTls(certificates, List.of("openpgpkey.remote.example", "direct.example"))
                .context());
        AccountKeyPair rita = AccountKeys.generate(List.of(ADVANCED.toLowerCase()), "x".toCharArray());
        advancedKey = rita.fingerprint();
        wkd.serve("openpgpkey.remote.example", "/.well-known/openpgpkey/remote.example/hu/" + WkdHash.of("Rita.Remote"),
                PublishedCertificate.forAddress(rita.publicKeyArmored(), ADVANCED).orElseThrow());
        AccountKeyPair dan = AccountKeys.generate(List.of(DIRECT), "x".toCharArray());
        wkd.serve("direct.example", "/.well-known/openpgpkey/hu/" + WkdHash.of("dan"),
                PublishedCertificate.forAddress(dan.publicKeyArmored(), DIRECT).orElseThrow());
        AccountKeyPair other = AccountKeys.generate(List.of("someone@else.example"), "x".toCharArray());
        wkd.serve("openpgpkey.remote.example", "/.well-known/openpgpkey/remote.example/hu/" + WkdHash.of("wrong"),
                PublishedCertificate.forAddress(other.publicKeyArmored(), "someone@else.example").orElseThrow());
        InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        ConfiguredAddressResolver.install(host -> KNOWN.contains(host) ? List.of(loopback) : List.of());
        client = new WkdClient(TestTls.clientTrusting(certificates.resolve("ca.pem")), Duration.ofSeconds(5),
                host -> host + ":" + wkd.port(), true);
    }

    @BeforeEach
    void freshCache() {
        keys = new RecipientKeys(new PublicDirectory(store), client, RecipientKeys.CacheTimes.DEFAULTS, clock);
        wkd.requests.clear();
    }

    @AfterAll
    void stop() {
        ConfiguredAddressResolver.install(null);
        client.close();
        wkd.close();
        store.close();
    }

    @Test
    void aLocalAccountIsAnsweredFromTheDirectoryWithoutTheNetwork() {
        KeyLookupResult result = keys.lookup(LOCAL);

        assertThat(result).isInstanceOfSatisfying(KeyLookupResult.Found.class, found -> {
            assertThat(found.source()).isEqualTo(KeyLookupResult.Source.LOCAL);
            assertThat(found.fingerprint()).isEqualTo(lenaKeys.fingerprint());
            assertThat(found.publicKey()).startsWith("-----BEGIN PGP PUBLIC KEY BLOCK-----");
        });
        assertThat(keys.lookup("nobody@coffer.test")).isInstanceOf(KeyLookupResult.NotFound.class);
        assertThat(wkd.requests).isEmpty();
    }

    @Test
    void theAdvancedMethodComesFirstWithTheLocalPartInL() {
        KeyLookupResult result = keys.lookup(ADVANCED);

        assertThat(result).isInstanceOfSatisfying(KeyLookupResult.Found.class, found -> {
            assertThat(found.source()).isEqualTo(KeyLookupResult.Source.WKD_ADVANCED);
            assertThat(found.fingerprint()).isEqualTo(advancedKey);
        });
        assertThat(wkd.requests).singleElement().satisfies(request -> {
            assertThat(request.host()).isEqualTo("openpgpkey.remote.example");
            assertThat(request.query()).isEqualTo("l=Rita.Remote");
        });
    }

    @Test
    void theDirectMethodOnlyWhenTheOpenpgpkeySubdomainDoesNotExist() {
        KeyLookupResult result = keys.lookup(DIRECT);

        assertThat(result).isInstanceOfSatisfying(KeyLookupResult.Found.class,
                found -> assertThat(found.source()).isEqualTo(KeyLookupResult.Source.WKD_DIRECT));
        assertThat(wkd.requests).singleElement().satisfies(request -> assertThat(request.host()).isEqualTo("direct.example"));
    }

    @Test
    void answersAreCachedUntilTheirTimeRunsOut() {
        keys.lookup(ADVANCED);
        keys.lookup(ADVANCED.toLowerCase());
        keys.lookup("none@remote.example");
        keys.lookup("none@remote.example");
        assertThat(wkd.requests).hasSize(2);

        clock.advance(Duration.ofMinutes(16));
        keys.lookup(ADVANCED);
        keys.lookup("none@remote.example");
        assertThat(wkd.requests).as("the miss expired, the key did not").hasSize(3);

        clock.advance(Duration.ofHours(1));
        keys.lookup(ADVANCED);
        assertThat(wkd.requests).hasSize(4);
    }

    @Test
    void failuresAreValuesPerRecipient() {
        assertThat(keys.lookup("none@remote.example")).isInstanceOf(KeyLookupResult.NotFound.class);
        assertThat(keys.lookup(WRONG)).isInstanceOfSatisfying(KeyLookupResult.LookupFailed.class,
                failed -> assertThat(failed.description()).contains("no user ID for " + WRONG));
        assertThat(keys.lookup("x@uncertified.example")).isInstanceOf(KeyLookupResult.LookupFailed.class);
        assertThat(keys.lookup("x@nowhere.example")).isInstanceOf(KeyLookupResult.LookupFailed.class);
        assertThat(keys.lookup("not an address")).isInstanceOf(KeyLookupResult.InvalidAddress.class);
    }

    @Test
    void refusesToFetchFromPrivateAddressesUnlessAllowed() {
        try (WkdClient guarded = new WkdClient(null, Duration.ofSeconds(5), host -> host + ":" + wkd.port(), false)) {
            assertThat(guarded.lookup(new dev.coffer.account.Address("rita.remote", "remote.example")))
                    .isInstanceOfSatisfying(KeyLookupResult.LookupFailed.class,
                            failed -> assertThat(failed.description()).contains("private address"));
        }
        assertThat(wkd.requests).isEmpty();
    }

    @Test
    void theLookupMethodAnswersFoundAndNotFoundByAddress() throws Exception {
        RecipientKeyLookup method = new RecipientKeyLookup(keys);

        JsonNode response = method.call(of("{'emails':['" + LOCAL + "','" + ADVANCED + "','none@remote.example','"
                + WRONG + "']}"), new RecordingCall(lena));

        assertThat(response.get("found").get(LOCAL).get("source").asText()).isEqualTo("local");
        assertThat(response.get("found").get(ADVANCED).get("source").asText()).isEqualTo("wkd-advanced");
        assertThat(response.get("notFound").get("none@remote.example").get("type").asText()).isEqualTo("notFound");
        assertThat(response.get("notFound").get(WRONG).get("type").asText()).isEqualTo("lookupFailed");
        assertThatThrownBy(() -> method.call(of("{'emails':[" + numbered(21) + "]}"), new RecordingCall(lena)))
                .isInstanceOfSatisfying(MethodError.class, e -> assertThat(e.type()).isEqualTo("requestTooLarge"));
    }

    @Test
    void accountKeyGetGivesTheProtectedSecretKeyAndHowToUnlockIt() throws Exception {
        JsonNode response = new AccountKeyGet(store.accounts()).call(of("{}"), new RecordingCall(lena));

        assertThat(response.get("publicKey").asText()).isEqualTo(lenaKeys.publicKeyArmored());
        assertThat(response.get("secretKey").asText()).isEqualTo(lenaKeys.secretKeyArmored());
        assertThat(response.get("fingerprint").asText()).isEqualTo(lenaKeys.fingerprint());
        JsonNode kdf = response.get("kdf");
        assertThat(kdf.get("algorithm").asText()).isEqualTo("argon2id");
        assertThat(kdf.get("salt").asText()).isEqualTo("c2FsdA==");
        assertThat(kdf.get("memoryKiB").asInt()).isEqualTo(65536);
        assertThat(kdf.get("keyInfo").asText()).isEqualTo("coffer key");
    }

    private static String numbered(int count) {
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < count; i++) {
            list.append(i == 0 ? "" : ",").append("'u").append(i).append("@remote.example'");
        }
        return list.toString();
    }
}
