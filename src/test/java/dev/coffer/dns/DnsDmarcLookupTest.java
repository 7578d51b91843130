package dev.coffer.dns;

import static dev.coffer.dns.TestDnsServer.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.mailauth.dmarc.DmarcDnsException;
import dev.coffer.mailauth.dmarc.DmarcResult;
import dev.coffer.mailauth.dmarc.DmarcVerifier;
import dev.coffer.mailauth.dmarc.PublicSuffixList;
import dev.coffer.mailauth.spf.SpfResult;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Rcode;

class DnsDmarcLookupTest {

    private static TestDnsServer dns;
    private static DnsDmarcLookup lookup;

    @BeforeAll
    static void startServer() throws Exception {
        dns = TestDnsServer.start();
        dns.zone("example.com.", false);
        dns.add(record("_dmarc.example.com. 300 IN TXT \"v=DMARC1; \" \"p=reject; rua=mailto:d@example.com\""));
        dns.failWith("_dmarc.broken.example.com.", Rcode.SERVFAIL);
        lookup = new DnsDmarcLookup(dns.resolverBuilder().build());
    }

    @AfterAll
    static void stopServer() {
        dns.close();
    }

    @Test
    void recordStringsAreJoined() throws Exception {
        assertThat(lookup.txt("_dmarc.example.com")).contains(List.of("v=DMARC1; p=reject; rua=mailto:d@example.com"));
    }

    @Test
    void missingNameIsEmpty() throws Exception {
        assertThat(lookup.txt("_dmarc.nosuch.example.com")).isEmpty();
    }

    @Test
    void serverFailureIsTemporary() {
        assertThatThrownBy(() -> lookup.txt("_dmarc.broken.example.com")).isInstanceOf(DmarcDnsException.class);
    }

    @Test
    void verifierOverRealDnsFindsTheOrganizationalDomainsPolicy() {
        DmarcVerifier verifier = new DmarcVerifier(lookup, PublicSuffixList.mozilla());

        DmarcResult result = verifier.evaluate("mail.example.com",
                new SpfResult(SpfResult.Code.PASS, "other.example.net", ""), List.of(), null);

        assertThat(result.code()).isEqualTo(DmarcResult.Code.FAIL);
        assertThat(result.disposition()).isEqualTo(DmarcResult.Policy.REJECT);
    }

    @Test
    void verifierReportsDnsFailureAsTemperror() {
        DmarcVerifier verifier = new DmarcVerifier(lookup, PublicSuffixList.mozilla());

        assertThat(verifier.evaluate("broken.example.com", null, List.of(), null).code())
                .isEqualTo(DmarcResult.Code.TEMPERROR);
    }
}
