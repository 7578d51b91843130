package dev.coffer.smtp.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.smtp.Admission;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The MX's message rates, with a clock the test moves; greylisting has its own test. */
class InboundLimitsTest {

    private final ManualClock clock = ManualClock.onTheHour();

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    private static void send(InboundLimits limits, InetAddress client, String sender, int messages) {
        for (int i = 0; i < messages; i++) {
            assertThat(limits.mailFrom(client, sender)).as("message %d", i + 1).isEqualTo(Admission.ADMITTED);
            limits.accepted(client, sender);
        }
    }

    @Test
    void refusesAClientOverItsMessagesPerHour() throws Exception {
        InboundLimits limits = new InboundLimits(5, 100, null, clock);
        InetAddress client = ip("192.0.2.10");
        for (int i = 0; i < 5; i++) {
            send(limits, client, "sender" + i + "@example.org", 1);
        }
        Admission refused = limits.mailFrom(client, "another@example.org");
        assertThat(refused).isInstanceOfSatisfying(Admission.RateLimited.class, limited -> {
            assertThat(limited.scope()).isEqualTo("ip");
            assertThat(limited.limit()).isEqualTo(5);
            assertThat(limited.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofHours(2));
        });
        assertThat(limits.mailFrom(ip("192.0.2.11"), "another@example.org")).isEqualTo(Admission.ADMITTED);
        clock.advance(Duration.ofHours(2));
        assertThat(limits.mailFrom(client, "another@example.org")).isEqualTo(Admission.ADMITTED);
    }

    @Test
    void countsAnIpv6ClientByItsSlash64() throws Exception {
        InboundLimits limits = new InboundLimits(3, 100, null, clock);
        send(limits, ip("2001:db8:1:2::1"), "a@example.org", 1);
        send(limits, ip("2001:db8:1:2::2"), "b@example.org", 1);
        send(limits, ip("2001:db8:1:2:ffff::3"), "c@example.org", 1);
        assertThat(limits.mailFrom(ip("2001:db8:1:2::4"), "d@example.org")).isInstanceOf(Admission.RateLimited.class);
        assertThat(limits.mailFrom(ip("2001:db8:1:3::1"), "d@example.org")).isEqualTo(Admission.ADMITTED);
    }

    @Test
    void refusesASenderOverItsMessagesPerHourFromAnyClient() throws Exception {
        InboundLimits limits = new InboundLimits(100, 2, null, clock);
        send(limits, ip("192.0.2.10"), "Bulk@Example.org", 1);
        send(limits, ip("198.51.100.20"), "bulk@example.ORG", 1);
        Admission refused = limits.mailFrom(ip("203.0.113.30"), "BULK@example.org");
        assertThat(refused).isInstanceOfSatisfying(Admission.RateLimited.class,
                limited -> assertThat(limited.scope()).isEqualTo("sender"));
        assertThat(limits.mailFrom(ip("203.0.113.30"), "other@example.org")).isEqualTo(Admission.ADMITTED);
    }

    @Test
    void theNullSenderIsCountedPerClient() throws Exception {
        InboundLimits limits = new InboundLimits(100, 2, null, clock);
        send(limits, ip("192.0.2.10"), "", 2);
        assertThat(limits.mailFrom(ip("192.0.2.10"), "")).isInstanceOfSatisfying(Admission.RateLimited.class,
                limited -> assertThat(limited.scope()).isEqualTo("sender"));
        // bounces from another server are not held up by the first one's
        assertThat(limits.mailFrom(ip("198.51.100.20"), "")).isEqualTo(Admission.ADMITTED);
    }

    @Test
    void onlyAcceptedMessagesCount() throws Exception {
        InboundLimits limits = new InboundLimits(1, 1, null, clock);
        for (int i = 0; i < 10; i++) {
            assertThat(limits.mailFrom(ip("192.0.2.10"), "a@example.org")).isEqualTo(Admission.ADMITTED);
        }
    }

    @Test
    void withoutGreylistingEveryRecipientIsAdmitted() throws Exception {
        InboundLimits limits = new InboundLimits(1, 1, null, clock);
        assertThat(limits.recipient(ip("192.0.2.10"), "a@example.org", "alice@coffer.test"))
                .isEqualTo(Admission.ADMITTED);
    }

    @Test
    void forgetsTheLeastRecentClientsBeyondItsCap() throws Exception {
        InboundLimits limits = new InboundLimits(1, 1000, null, clock, 10);
        send(limits, ip("192.0.2.1"), "a@example.org", 1);
        assertThat(limits.mailFrom(ip("192.0.2.1"), "a@example.org")).isInstanceOf(Admission.RateLimited.class);
        for (int i = 2; i <= 11; i++) {
            send(limits, ip("192.0.2." + i), "a" + i + "@example.org", 1);
        }
        assertThat(limits.mailFrom(ip("192.0.2.1"), "a@example.org")).isEqualTo(Admission.ADMITTED);
    }
}
