package dev.coffer.smtp.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.store.Store;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RFC 6647 greylisting over a real store, with a clock the test moves. */
class GreylistTest {

    private static final Duration DELAY = Duration.ofMinutes(5);
    private static final String SENDER = "bob@sender.example";
    private static final String ALICE = "alice@coffer.test";

    @TempDir
    Path data;

    private final ManualClock clock = ManualClock.onTheHour();
    private Store store;
    private Greylist greylist;

    @BeforeEach
    void open() throws Exception {
        store = Store.open(data);
        greylist = new Greylist(store.greylist(), Greylist.Settings.withDelay(DELAY), clock);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @Test
    void refusesANewTripletForTheDelayThenAdmitsTheRetry() throws Exception {
        assertThat(greylist.check(ip("192.0.2.10"), SENDER, ALICE)).isEqualTo(DELAY);
        clock.advance(Duration.ofMinutes(2));
        assertThat(greylist.check(ip("192.0.2.10"), SENDER, ALICE)).isEqualTo(Duration.ofMinutes(3));
        clock.advance(Duration.ofMinutes(3));
        assertThat(greylist.check(ip("192.0.2.10"), SENDER, ALICE)).isZero();
        clock.advance(Duration.ofDays(10));
        assertThat(greylist.check(ip("192.0.2.10"), SENDER, ALICE)).isZero();
    }

    @Test
    void aRetryFromAnotherAddressOfTheSameSlash24Counts() throws Exception {
        greylist.check(ip("192.0.2.10"), SENDER, ALICE);
        clock.advance(DELAY);
        assertThat(greylist.check(ip("192.0.2.200"), SENDER, ALICE)).isZero();
    }

    @Test
    void sendersAndRecipientsCompareWithoutCase() throws Exception {
        greylist.check(ip("192.0.2.10"), SENDER, ALICE);
        clock.advance(DELAY);
        assertThat(greylist.check(ip("192.0.2.10"), "Bob@Sender.EXAMPLE", "ALICE@coffer.test")).isZero();
    }

    @Test
    void eachTripletIsGreylistedOnItsOwnUntilTheNetworkHasPassedOnce() throws Exception {
        InetAddress client = ip("2001:db8:5::1");
        assertThat(greylist.check(client, SENDER, ALICE)).isEqualTo(DELAY);
        clock.advance(Duration.ofMinutes(1));
        assertThat(greylist.check(client, "carol@sender.example", ALICE)).isEqualTo(DELAY);
        assertThat(greylist.check(client, SENDER, "dave@coffer.test")).isEqualTo(DELAY);
        clock.advance(DELAY);
        assertThat(greylist.check(client, SENDER, ALICE)).isZero();
        // the /64 has shown it retries: new triplets from it pass at once
        assertThat(greylist.check(ip("2001:db8:5::99"), "erin@elsewhere.example", "frank@coffer.test")).isZero();
        assertThat(greylist.check(ip("2001:db8:6::1"), "erin@elsewhere.example", "frank@coffer.test"))
                .isEqualTo(DELAY);
    }

    @Test
    void theNullSenderIsATripletLikeAnyOther() throws Exception {
        assertThat(greylist.check(ip("192.0.2.10"), "", ALICE)).isEqualTo(DELAY);
        clock.advance(DELAY);
        assertThat(greylist.check(ip("192.0.2.10"), "", ALICE)).isZero();
    }

    @Test
    void aRetryAfterTheRetryWindowStartsOver() throws Exception {
        greylist.check(ip("192.0.2.10"), SENDER, ALICE);
        clock.advance(Duration.ofHours(25));
        assertThat(greylist.check(ip("192.0.2.10"), SENDER, ALICE)).isEqualTo(DELAY);
        clock.advance(DELAY);
        assertThat(greylist.check(ip("192.0.2.10"), SENDER, ALICE)).isZero();
    }

    @Test
    void whitelistingEndsAfter36DaysWithoutMail() throws Exception {
        greylist.check(ip("192.0.2.10"), SENDER, ALICE);
        clock.advance(DELAY);
        greylist.check(ip("192.0.2.10"), SENDER, ALICE);
        clock.advance(Duration.ofDays(37));
        assertThat(greylist.check(ip("192.0.2.10"), SENDER, ALICE)).isEqualTo(DELAY);
    }

    @Test
    void regularMailKeepsTheNetworkWhitelisted() throws Exception {
        greylist.check(ip("192.0.2.10"), SENDER, ALICE);
        clock.advance(DELAY);
        greylist.check(ip("192.0.2.10"), SENDER, ALICE);
        for (int month = 0; month < 4; month++) {
            clock.advance(Duration.ofDays(30));
            assertThat(greylist.check(ip("192.0.2.10"), "new-" + month + "@sender.example", ALICE)).isZero();
        }
    }

    @Test
    void survivesARestartOfTheStore() throws Exception {
        greylist.check(ip("192.0.2.10"), SENDER, ALICE);
        greylist.check(ip("198.51.100.1"), SENDER, ALICE);
        clock.advance(DELAY);
        greylist.check(ip("198.51.100.1"), SENDER, ALICE);
        store.close();

        store = Store.open(data);
        greylist = new Greylist(store.greylist(), Greylist.Settings.withDelay(DELAY), clock);
        assertThat(greylist.check(ip("192.0.2.10"), SENDER, ALICE)).as("pending, and its delay has passed").isZero();
        assertThat(greylist.check(ip("198.51.100.1"), "other@sender.example", ALICE)).as("whitelisted").isZero();
    }

    @Test
    void storesDigestsRatherThanAddresses() throws Exception {
        greylist.check(ip("192.0.2.10"), SENDER, ALICE);
        clock.advance(DELAY);
        greylist.check(ip("192.0.2.10"), SENDER, ALICE);
        List<String> rows = rows();
        assertThat(rows).hasSize(2).allSatisfy(row -> assertThat(row)
                .matches("[0-9a-f]{64}")
                .doesNotContain("192.0.2", "bob", "alice", "sender.example", "coffer.test"));
    }

    @Test
    void purgesExpiredEntries() throws Exception {
        greylist.check(ip("192.0.2.10"), SENDER, ALICE);
        greylist.check(ip("198.51.100.1"), SENDER, ALICE);
        clock.advance(DELAY);
        greylist.check(ip("198.51.100.1"), SENDER, ALICE);
        assertThat(rows()).as("a pending triplet, a whitelisted one and its network").hasSize(3);
        clock.advance(Duration.ofHours(25));
        // the pending triplet's retry window is over; the whitelisted triplet and network stay
        greylist.check(ip("198.51.100.1"), SENDER, ALICE);
        assertThat(rows()).hasSize(2);
        clock.advance(Duration.ofDays(37));
        greylist.check(ip("203.0.113.1"), SENDER, ALICE);
        assertThat(rows()).as("only the triplet just seen").hasSize(1);
    }

    /** The digests in both greylist tables, read straight from the database file. */
    private List<String> rows() throws Exception {
        List<String> digests = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("coffer.db"));
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT digest FROM greylist_triplets UNION ALL SELECT digest FROM greylist_networks")) {
            while (rows.next()) {
                digests.add(rows.getString(1));
            }
        }
        return digests;
    }
}
