package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.account.DomainOwnership;
import dev.coffer.dns.TestDnsServer;
import dev.coffer.dns.ZoneSnippet;
import dev.coffer.store.Account;
import dev.coffer.store.Store;
import dev.coffer.store.StoreFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code coffer domain dns} and {@code coffer domain verify}, as an operator runs them. */
class DomainDnsCommandTest {

    private static final String ONION = "coffer2345coffer2345coffer2345coffer2345coffer2345coffe.onion";

    @TempDir
    Path dir;
    InProcessCli cli;

    @BeforeEach
    void init() {
        cli = new InProcessCli(dir);
        assertThat(cli.run("", "init", "--hostname", "mail.example.org", "--domain", "example.org")).isZero();
    }

    @AfterEach
    void restore() {
        cli.close();
    }

    private void editConfig(String from, String to) throws Exception {
        Path file = dir.resolve("coffer.toml");
        String toml = Files.readString(file);
        assertThat(toml).contains(from);
        Files.writeString(file, toml.replace(from, to));
    }

    @Test
    void theZoneSnippetAndTheJsonListTheSameRecordsEachUnderItsPurpose() throws Exception {
        assertThat(cli.run("", "domain", "dns", "example.org")).isZero();
        String zone = cli.stdout();
        assertThat(cli.run("", "domain", "dns", "example.org", "--json")).isZero();
        JsonNode records = new ObjectMapper().readTree(cli.stdout());

        assertThat(records.isArray()).isTrue();
        assertThat(records.size()).isGreaterThan(20);
        for (JsonNode record : records) {
            String value = record.get("type").asText().equals("TXT")
                    ? ZoneSnippet.quote(record.get("value").asText()) : record.get("value").asText();
            assertThat(zone).contains("; " + record.get("purpose").asText() + "\n" + record.get("name").asText()
                    + ". 3600 IN " + record.get("type").asText() + " " + value + "\n");
        }
        assertThat(zone).contains("example.org. 3600 IN MX 10 mail.example.org.\n",
                "_25._tcp.mail.example.org. 3600 IN TLSA 3 1 1 ", "_dmarc.example.org. 3600 IN TXT \"v=DMARC1; p=reject");
        assertThat(zone).doesNotContain("HiddenService");
    }

    @Test
    void aDomainThatIsNotHostedIsNamed() {
        assertThat(cli.run("", "domain", "dns", "example.net")).isEqualTo(1);
        assertThat(cli.stderr()).contains("example.net");
    }

    @Test
    void withAnOnionAddressTheTorrcLinesArePrintedAsCommentsAndAloneWithTorrc() throws Exception {
        editConfig("onion_address = \"\"", "onion_address = \"" + ONION + "\"");

        assertThat(cli.run("", "domain", "dns", "example.org")).isZero();
        assertThat(cli.stdout()).contains("; HiddenServiceDir /var/lib/tor/coffer/\n; HiddenServicePort 443 127.0.0.1:443\n");
        assertThat(cli.run("", "domain", "dns", "example.org", "--torrc")).isZero();
        assertThat(cli.stdout()).isEqualTo("""
                HiddenServiceDir /var/lib/tor/coffer/
                HiddenServicePort 443 127.0.0.1:443
                HiddenServicePort 993 127.0.0.1:993
                HiddenServicePort 465 127.0.0.1:465
                HiddenServicePort 587 127.0.0.1:587
                HiddenServicePort 25 127.0.0.1:25
                """);
    }

    @Test
    void torrcWithoutAnOnionAddressSaysWhatToConfigure() {
        assertThat(cli.run("", "domain", "dns", "example.org", "--torrc")).isEqualTo(1);
        assertThat(cli.stderr()).contains("onion_address");
    }

    @Test
    void verifyHostsAUsersDomainOnceDnsHasTheirToken() throws Exception {
        DomainOwnership.Challenge challenge;
        try (Store store = Store.open(dir)) {
            Account bob = StoreFixture.account(store, "bob@example.org");
            challenge = new DomainOwnership(store, name -> List.of(), Clock.systemUTC()).claim(bob, "bob.test");
        }
        assertThat(cli.run("", "domain", "list")).isZero();
        assertThat(cli.stdout()).contains("bob.test  (not verified: coffer domain verify bob.test)");
        try (TestDnsServer dns = TestDnsServer.start()) {
            dns.zone("bob.test.", true);
            Files.writeString(dir.resolve("anchors.txt"), dns.trustAnchor());
            editConfig("resolver = \"\"", "resolver = \"127.0.0.1:" + dns.address().getPort() + "\"");
            editConfig("trust_anchors = \"\"", "trust_anchors = \"anchors.txt\"");

            assertThat(cli.run("", "domain", "verify", "bob.test")).isEqualTo(1);
            assertThat(cli.stderr()).contains("no TXT record at _coffer-verify.bob.test yet");
            dns.add(TestDnsServer.record(challenge.recordName() + ". 300 IN TXT \"" + challenge.value() + "\""));

            assertThat(cli.run("", "domain", "verify", "bob.test")).as(cli.stderr()).isZero();
            assertThat(cli.stdout()).contains("verified bob.test");
        }
        assertThat(cli.run("", "domain", "list")).isZero();
        assertThat(cli.stdout()).contains("bob.test\n").doesNotContain("not verified");
        assertThat(cli.run("", "domain", "dns", "bob.test")).isZero();
    }

    @Test
    void verifyWithoutAnyClaimSaysHowToAddTheDomain() {
        assertThat(cli.run("", "domain", "verify", "nobody.test")).isEqualTo(1);
        assertThat(cli.stderr()).contains("coffer domain add nobody.test");
    }
}
