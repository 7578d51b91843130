package dev.coffer.account;

import dev.coffer.store.Store;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.bouncycastle.util.encoders.Base32;

/** Invite codes, for operators who open sign-up only to people they choose. */
public final class Invites {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Store store;
    private final Clock clock;

    public Invites(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** A new code, valid for {@code validity}; shown once, stored only as a hash. */
    public String create(Duration validity) {
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        String code = Base32.toBase32String(random).toLowerCase(Locale.ROOT);
        Instant now = clock.instant();
        store.invites().add(Verifiers.tokenHash(code), now, now.plus(validity));
        return code;
    }

    /** Spends a code; false when it is unknown, used or expired. */
    public boolean redeem(String code) {
        return code != null && store.invites().redeem(Verifiers.tokenHash(code.strip().toLowerCase(Locale.ROOT)), clock.instant());
    }
}
