package dev.coffer.jmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class UploadsTest {

    MutableClock clock = new MutableClock();

    @Test
    void holdsAnUploadForItsAccountOnly() {
        Uploads uploads = new Uploads(4, 1_000, clock);

        Uploads.Upload upload = uploads.put(1, "message/rfc822", new byte[] {1, 2, 3});

        assertThat(upload.blobId()).matches("U[A-Za-z0-9_-]+");
        assertThat(uploads.get(1, upload.blobId())).hasValueSatisfying(u -> assertThat(u.content()).hasSize(3));
        assertThat(uploads.get(2, upload.blobId())).isEmpty();
    }

    @Test
    void forgetsUploadsAfterAnHour() {
        Uploads uploads = new Uploads(4, 1_000, clock);
        String blobId = uploads.put(1, "text/plain", new byte[10]).blobId();

        clock.now = clock.now.plus(Uploads.LIFETIME).plus(Duration.ofSeconds(1));

        assertThat(uploads.get(1, blobId)).isEmpty();
    }

    @Test
    void dropsTheOldestBeyondTheCountAndOctetBounds() {
        Uploads uploads = new Uploads(2, 100, clock);
        String first = uploads.put(1, "a/b", new byte[10]).blobId();
        String second = uploads.put(1, "a/b", new byte[10]).blobId();
        String third = uploads.put(1, "a/b", new byte[10]).blobId();

        assertThat(uploads.get(1, first)).isEmpty();
        assertThat(uploads.get(1, second)).isPresent();
        String big = uploads.put(1, "a/b", new byte[95]).blobId();
        assertThat(uploads.get(1, third)).isEmpty();
        assertThat(uploads.get(1, big)).isPresent();
    }

    @Test
    void concurrencyLimitGivesOutOnlyItsPermits() {
        ConcurrencyLimit limit = new ConcurrencyLimit(1);

        try (ConcurrencyLimit.Permit held = limit.tryEnter(7).orElseThrow()) {
            assertThat(limit.tryEnter(7)).isEmpty();
            assertThat(limit.tryEnter(8)).isPresent();
        }
        assertThat(limit.tryEnter(7)).isPresent();
    }

    static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-11-28T12:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
