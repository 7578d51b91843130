package dev.coffer.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.store.Account;
import dev.coffer.store.Store;
import dev.coffer.store.StoreFixture;
import dev.coffer.testing.MutableClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A user's own domain is hosted only after its TXT token is found in DNS. */
class DomainOwnershipTest {

    @TempDir
    Path dir;
    Store store;
    Account alice;
    Account mallory;
    final Map<String, List<String>> published = new ConcurrentHashMap<>();
    final MutableClock clock = new MutableClock();
    DomainOwnership ownership;

    @BeforeEach
    void open() throws Exception {
        store = Store.open(dir);
        alice = StoreFixture.account(store, "alice@example.org");
        mallory = StoreFixture.account(store, "mallory@example.org");
        ownership = new DomainOwnership(store, name -> published.getOrDefault(name, List.of()), clock);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private void publish(DomainOwnership.Challenge challenge) {
        published.computeIfAbsent(challenge.recordName(), name -> new ArrayList<>()).add(challenge.value());
    }

    @Test
    void aClaimAsksForATxtRecordWithARandomTokenUnderTheDomain() throws Exception {
        DomainOwnership.Challenge challenge = ownership.claim(alice, "Alice.Example.");

        assertThat(challenge.domain()).isEqualTo("alice.example");
        assertThat(challenge.recordName()).isEqualTo("_coffer-verify.alice.example");
        assertThat(challenge.value()).matches("coffer-verify=[0-9a-f]{32}");
        assertThat(ownership.claim(alice, "alice.example")).isEqualTo(challenge);
        assertThat(ownership.claim(mallory, "alice.example").value()).isNotEqualTo(challenge.value());
    }

    @Test
    void anUnverifiedDomainIsNotHostedSoMailForItIsRefusedAndNothingIsSigned() throws Exception {
        ownership.claim(alice, "alice.example");

        assertThat(new RecipientResolver(store, "+").resolve("alice@alice.example")).isInstanceOf(Recipient.NotHosted.class);
        byte[] message = "From: a@alice.example\r\n\r\nhi\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(new DomainDkimKeys(store, Clock.systemUTC()).sign("alice.example", message)).isEqualTo(message);
        assertThat(new PublicDirectory(store).hosts("alice.example")).isFalse();
    }

    @Test
    void verificationFailsUntilTheTokenIsPublishedAndThenHostsTheDomainWithDkimKeys() throws Exception {
        DomainOwnership.Challenge challenge = ownership.claim(alice, "alice.example");

        assertThatThrownBy(() -> ownership.verify(alice, "alice.example"))
                .isInstanceOfSatisfying(DomainClaimException.class, e -> {
                    assertThat(e.reason()).isEqualTo(DomainClaimException.Reason.NOT_PROVED);
                    assertThat(e.getMessage()).contains("_coffer-verify.alice.example");
                });
        publish(challenge);
        clock.advance(DomainOwnership.LOOKUP_INTERVAL);

        assertThat(ownership.verify(alice, "alice.example").name()).isEqualTo("alice.example");
        assertThat(new PublicDirectory(store).hosts("alice.example")).isTrue();
        assertThat(new DomainDkimKeys(store, Clock.systemUTC()).activeKey("alice.example", DomainDkimKeys.ED25519))
                .isPresent();
        assertThat(ownership.owned(alice)).containsExactly("alice.example");
        assertThat(ownership.pending(alice)).isEmpty();
    }

    @Test
    void anotherUsersTokenDoesNotProveMyClaim() throws Exception {
        ownership.claim(alice, "alice.example");
        publish(ownership.claim(mallory, "alice.example"));

        assertThatThrownBy(() -> ownership.verify(alice, "alice.example"))
                .isInstanceOfSatisfying(DomainClaimException.class,
                        e -> assertThat(e.reason()).isEqualTo(DomainClaimException.Reason.NOT_PROVED));
        assertThat(ownership.verify(mallory, "alice.example").name()).isEqualTo("alice.example");
        assertThat(ownership.owned(mallory)).containsExactly("alice.example");
        assertThat(ownership.pending(alice)).isEmpty();
    }

    @Test
    void theOperatorVerifiesWhicheverClaimDnsProves() throws Exception {
        ownership.claim(mallory, "alice.example");
        publish(ownership.claim(alice, "alice.example"));

        ownership.verifyAnyClaim("alice.example");

        assertThat(ownership.owned(alice)).containsExactly("alice.example");
    }

    @Test
    void refusesInvalidNamesHostedDomainsAndTooManyClaims() throws Exception {
        assertThatThrownBy(() -> ownership.claim(alice, "not a domain"))
                .isInstanceOfSatisfying(DomainClaimException.class,
                        e -> assertThat(e.reason()).isEqualTo(DomainClaimException.Reason.INVALID_NAME));
        assertThatThrownBy(() -> ownership.claim(alice, "example.org"))
                .isInstanceOfSatisfying(DomainClaimException.class,
                        e -> assertThat(e.reason()).isEqualTo(DomainClaimException.Reason.ALREADY_HOSTED));
        for (int i = 0; i < DomainOwnership.MAX_CLAIMS_PER_ACCOUNT; i++) {
            ownership.claim(alice, "d" + i + ".example");
        }
        assertThatThrownBy(() -> ownership.claim(alice, "one-more.example"))
                .isInstanceOfSatisfying(DomainClaimException.class,
                        e -> assertThat(e.reason()).isEqualTo(DomainClaimException.Reason.TOO_MANY_CLAIMS));
    }

    @Test
    void aDnsFailureIsReportedAsSuchNotAsAMissingRecord() throws Exception {
        ownership.claim(alice, "alice.example");
        DomainOwnership failing = new DomainOwnership(store, name -> {
            throw new IOException("the DNS server failed (SERVFAIL)");
        }, clock);

        assertThatThrownBy(() -> failing.verify(alice, "alice.example"))
                .isInstanceOfSatisfying(DomainClaimException.class,
                        e -> assertThat(e.reason()).isEqualTo(DomainClaimException.Reason.LOOKUP_FAILED));
    }

    @Test
    void aUserVerifyingAgainAtOnceIsToldToWaitWithoutAnotherLookup() throws Exception {
        ownership.claim(alice, "alice.example");
        int[] lookups = {0};
        DomainOwnership counting = new DomainOwnership(store, name -> {
            lookups[0]++;
            return List.of();
        }, clock);

        assertThatThrownBy(() -> counting.verify(alice, "alice.example")).isInstanceOf(DomainClaimException.class);
        assertThatThrownBy(() -> counting.verify(alice, "alice.example"))
                .isInstanceOfSatisfying(DomainClaimException.class,
                        e -> assertThat(e.reason()).isEqualTo(DomainClaimException.Reason.TOO_SOON));
        assertThat(lookups[0]).isEqualTo(1);
        clock.advance(DomainOwnership.LOOKUP_INTERVAL);
        assertThatThrownBy(() -> counting.verify(alice, "alice.example"))
                .isInstanceOfSatisfying(DomainClaimException.class,
                        e -> assertThat(e.reason()).isEqualTo(DomainClaimException.Reason.NOT_PROVED));
        assertThat(lookups[0]).isEqualTo(2);
    }

    @Test
    void verifyingWithoutAClaimSaysToAddTheDomainFirst() {
        assertThatThrownBy(() -> ownership.verifyAnyClaim("nobody.example"))
                .isInstanceOfSatisfying(DomainClaimException.class,
                        e -> assertThat(e.reason()).isEqualTo(DomainClaimException.Reason.NO_CLAIM));
    }
}
