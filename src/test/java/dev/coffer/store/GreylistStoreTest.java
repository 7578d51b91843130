package dev.coffer.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GreylistStoreTest {

    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

    @TempDir
    Path dir;

    private Store store;

    @BeforeEach
    void open() {
        store = openStore();
    }

    @AfterEach
    void close() {
        store.close();
    }

    private Store openStore() {
        try {
            return Store.open(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aTripletIsStoredReplacedAndKeptAcrossAReopen() {
        GreylistStore greylist = store.greylist();
        assertThat(greylist.triplet("abc")).isEmpty();
        greylist.putTriplet(new GreylistEntry("abc", T0, false, T0.plusSeconds(86_400)));
        greylist.putTriplet(new GreylistEntry("abc", T0, true, T0.plusSeconds(3_110_400)));
        store.close();
        store = openStore();
        assertThat(store.greylist().triplet("abc"))
                .contains(new GreylistEntry("abc", T0, true, T0.plusSeconds(3_110_400)));
    }

    @Test
    void aNetworkIsWhitelistedUntilTheLastTimeGiven() {
        GreylistStore greylist = store.greylist();
        assertThat(greylist.networkWhitelistedUntil("net")).isEmpty();
        greylist.whitelistNetwork("net", T0.plusSeconds(60));
        greylist.whitelistNetwork("net", T0.plusSeconds(120));
        assertThat(greylist.networkWhitelistedUntil("net")).contains(T0.plusSeconds(120));
    }

    @Test
    void purgeDeletesWhatHasExpiredAndNothingElse() {
        GreylistStore greylist = store.greylist();
        greylist.putTriplet(new GreylistEntry("old", T0, false, T0.plusSeconds(10)));
        greylist.putTriplet(new GreylistEntry("new", T0, false, T0.plusSeconds(30)));
        greylist.whitelistNetwork("old-net", T0.plusSeconds(20));
        greylist.whitelistNetwork("new-net", T0.plusSeconds(40));
        assertThat(greylist.purgeExpired(T0.plusSeconds(20))).isEqualTo(2);
        assertThat(greylist.triplet("old")).isEmpty();
        assertThat(greylist.triplet("new")).isPresent();
        assertThat(greylist.networkWhitelistedUntil("old-net")).isEmpty();
        assertThat(greylist.networkWhitelistedUntil("new-net")).isPresent();
    }
}
