package dev.coffer.dns;

import dev.coffer.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

class AnswerCacheTest {

    private final MutableClock clock = new MutableClock();

    @Test
    void answerExpiresAfterItsTtl() throws Exception {
        AnswerCache cache = new AnswerCache(10, Duration.ofHours(1), clock);
        cache.put(answer("a.test."), 60);

        clock.advance(Duration.ofSeconds(59));
        assertThat(cache.get(name("a.test."), Type.A)).isNotNull();
        clock.advance(Duration.ofSeconds(1));
        assertThat(cache.get(name("a.test."), Type.A)).isNull();
    }

    @Test
    void ttlIsCappedByTheMaximum() throws Exception {
        AnswerCache cache = new AnswerCache(10, Duration.ofMinutes(5), clock);
        cache.put(answer("a.test."), 86_400);

        clock.advance(Duration.ofMinutes(5));
        assertThat(cache.get(name("a.test."), Type.A)).isNull();
    }

    @Test
    void zeroTtlIsNotCached() {
        AnswerCache cache = new AnswerCache(10, Duration.ofHours(1), clock);
        cache.put(answer("a.test."), 0);

        assertThat(cache.size()).isZero();
    }

    @Test
    void leastRecentlyUsedAnswerIsEvictedAtCapacity() throws Exception {
        AnswerCache cache = new AnswerCache(2, Duration.ofHours(1), clock);
        cache.put(answer("a.test."), 60);
        cache.put(answer("b.test."), 60);
        cache.get(name("a.test."), Type.A);

        cache.put(answer("c.test."), 60);

        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.get(name("a.test."), Type.A)).isNotNull();
        assertThat(cache.get(name("b.test."), Type.A)).isNull();
    }

    @Test
    void failureIsThrownAgainUntilItExpires() throws Exception {
        AnswerCache cache = new AnswerCache(10, Duration.ofHours(1), clock);
        cache.putFailure(name("a.test."), Type.A, new DnsException("the DNS server failed (SERVFAIL) for a.test./A", true),
                Duration.ofSeconds(30));

        assertThatThrownBy(() -> cache.get(name("a.test."), Type.A))
                .isInstanceOfSatisfying(DnsException.class, e -> assertThat(e.isTemporary()).isTrue())
                .hasMessage("the DNS server failed (SERVFAIL) for a.test./A");
        clock.advance(Duration.ofSeconds(30));
        assertThat(cache.get(name("a.test."), Type.A)).isNull();
    }

    private static DnsAnswer answer(String name) {
        return new DnsAnswer(name(name), Type.A, name(name), List.of(), true, DnsAnswer.Security.INSECURE);
    }

    private static Name name(String text) {
        return Name.fromConstantString(text);
    }
}
