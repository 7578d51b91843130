package dev.coffer.imap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The shared ENVELOPE cache: by blob and UTF8=ACCEPT, bounded in octets, least recently used out first. */
class EnvelopeCacheTest {

    @Test
    void keepsEnvelopesByBlobAndByUtf8Mode() {
        EnvelopeCache cache = new EnvelopeCache(1 << 20);
        cache.put("a", false, new byte[] {1});
        cache.put("a", true, new byte[] {2});

        assertThat(cache.get("a", false)).containsExactly(1);
        assertThat(cache.get("a", true)).containsExactly(2);
        assertThat(cache.get("b", false)).isNull();
    }

    @Test
    void dropsTheLeastRecentlyUsedWhenFull() {
        EnvelopeCache cache = new EnvelopeCache(3 * (100 + 160));
        cache.put("a", false, new byte[100]);
        cache.put("b", false, new byte[100]);
        cache.put("c", false, new byte[100]);
        cache.get("a", false);
        cache.put("d", false, new byte[100]);

        assertThat(cache.size()).isEqualTo(3);
        assertThat(cache.get("b", false)).isNull();
        assertThat(cache.get("a", false)).isNotNull();
        assertThat(cache.get("d", false)).isNotNull();
    }

    @Test
    void neverHoldsMoreThanItsLimit() {
        EnvelopeCache cache = new EnvelopeCache(1000);
        for (int i = 0; i < 100; i++) {
            cache.put("blob" + i, false, new byte[200]);
        }
        cache.put("huge", false, new byte[5000]);

        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.get("huge", false)).isNull();
    }
}
