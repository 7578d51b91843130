package dev.coffer.dns;

import static dev.coffer.dns.TestDnsServer.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.mailauth.dkim.DkimKeyLookupException;
import dev.coffer.mailauth.dkim.DkimKeyRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Rcode;

class DnsDkimKeyLookupTest {

    /** RFC 8463 Appendix A.2, the Ed25519 key record of selector brisbane. */
    private static final String ED25519_KEY = "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";

    private static TestDnsServer dns;
    private static DnsDkimKeyLookup lookup;

    @BeforeAll
    static void startServer() throws Exception {
        dns = TestDnsServer.start();
        dns.zone("football.example.com.", true);
        // a key record split into two character-strings, as long RSA keys must be
        dns.add(record("brisbane._domainkey.football.example.com. 300 IN TXT "
                + "\"v=DKIM1; k=ed25519; \" \"p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\""));
        dns.add(record("twice._domainkey.football.example.com. 300 IN TXT \"" + ED25519_KEY + "\""));
        dns.add(record("twice._domainkey.football.example.com. 300 IN TXT \"v=DKIM1; p=\""));
        dns.failWith("failing._domainkey.football.example.com.", Rcode.SERVFAIL);
        DnsResolver resolver = dns.resolverBuilder().build();
        lookup = new DnsDkimKeyLookup(resolver);
    }

    @AfterAll
    static void stopServer() {
        dns.close();
    }

    @Test
    void keyRecordStringsAreJoinedIntoOneRecord() throws Exception {
        String txt = lookup.txtRecord("brisbane", "football.example.com").orElseThrow();

        assertThat(txt).isEqualTo(ED25519_KEY);
        assertThat(DkimKeyRecord.parse(txt).keyType()).isEqualTo("ed25519");
    }

    @Test
    void missingKeyRecordIsEmpty() throws Exception {
        assertThat(lookup.txtRecord("nosuch", "football.example.com")).isEmpty();
    }

    @Test
    void severalKeyRecordsAtOneSelectorAreNotTrusted() throws Exception {
        assertThat(lookup.txtRecord("twice", "football.example.com")).isEmpty();
    }

    @Test
    void dnsFailureIsTemporaryLookupFailure() {
        assertThatThrownBy(() -> lookup.txtRecord("failing", "football.example.com"))
                .isInstanceOf(DkimKeyLookupException.class);
    }
}
