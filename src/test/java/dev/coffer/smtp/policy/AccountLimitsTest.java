package dev.coffer.smtp.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.smtp.Admission;
import dev.coffer.store.Account;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AccountLimitsTest {

    private final ManualClock clock = ManualClock.onTheHour();

    private static Account account(long id, String address) {
        return new Account(id, 1, address, null, "public key", null, "FINGERPRINT", Instant.EPOCH, null);
    }

    @Test
    void limitsEachAccountWhateverAddressItSendsAs() {
        AccountLimits limits = new AccountLimits(3, clock);
        Account alice = account(1, "alice@coffer.test");
        for (int i = 0; i < 3; i++) {
            assertThat(limits.mailFrom(alice)).isEqualTo(Admission.ADMITTED);
            limits.accepted(alice);
        }
        assertThat(limits.mailFrom(alice)).isInstanceOfSatisfying(Admission.RateLimited.class, limited -> {
            assertThat(limited.scope()).isEqualTo("account");
            assertThat(limited.limit()).isEqualTo(3);
        });
        assertThat(limits.mailFrom(account(2, "bob@coffer.test"))).isEqualTo(Admission.ADMITTED);
        clock.advance(Duration.ofHours(2));
        assertThat(limits.mailFrom(alice)).isEqualTo(Admission.ADMITTED);
    }
}
