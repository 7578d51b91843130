package dev.coffer.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ZoneSnippetTest {

    @Test
    void eachRecordIsOneMasterFileLineUnderACommentSayingWhatItIsFor() {
        String zone = ZoneSnippet.of(List.of(
                new DnsRecord("example.org", "MX", "10 mx.example.org.", "mail goes to mx"),
                new DnsRecord("_25._tcp.mx.example.org", "TLSA", "3 1 1 ab", "DANE")));

        assertThat(zone).isEqualTo("""
                ; mail goes to mx
                example.org. 3600 IN MX 10 mx.example.org.
                ; DANE
                _25._tcp.mx.example.org. 3600 IN TLSA 3 1 1 ab
                """);
    }

    @Test
    void txtValuesAreQuotedAndSplitIntoStringsOfAtMost255Octets() {
        String value = "p=" + "x".repeat(300);

        String zone = ZoneSnippet.of(List.of(new DnsRecord("s._domainkey.example.org", "TXT", value, "DKIM")));

        // RFC 1035 §3.3.14: one TXT record, several character-strings; readers join them (RFC 6376 §3.6.2.2).
        assertThat(zone).contains("s._domainkey.example.org. 3600 IN TXT \"p=" + "x".repeat(253) + "\" \""
                + "x".repeat(47) + "\"\n");
    }

    @Test
    void quotesAndBackslashesInTxtValuesAreEscaped() {
        assertThat(ZoneSnippet.quote("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
    }
}
