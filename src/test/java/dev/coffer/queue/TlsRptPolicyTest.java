package dev.coffer.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code _smtp._tls} TXT record of RFC 8460 §3. */
class TlsRptPolicyTest {

    @Test
    void parsesTheRfcMailtoExample() throws Exception {
        // RFC 8460 §3.1
        TlsRptPolicy policy = TlsRptPolicy.parse("v=TLSRPTv1;rua=mailto:reports@example.com");

        assertThat(policy.mailto()).containsExactly("reports@example.com");
        assertThat(policy.https()).isEmpty();
    }

    @Test
    void parsesTheRfcHttpsExample() throws Exception {
        // RFC 8460 §3.1
        TlsRptPolicy policy = TlsRptPolicy.parse("v=TLSRPTv1; rua=https://reporting.example.com/v1/tlsrpt");

        assertThat(policy.mailto()).isEmpty();
        assertThat(policy.https()).containsExactly(URI.create("https://reporting.example.com/v1/tlsrpt"));
    }

    @Test
    void acceptsSeveralUrisWithWhitespaceAroundDelimitersAndATrailingSemicolon() throws Exception {
        TlsRptPolicy policy = TlsRptPolicy.parse(
                "v=TLSRPTv1 ;\trua=mailto:a@example.com , https://r.example.com/tls ,mailto:b@example.net ; ");

        assertThat(policy.mailto()).containsExactly("a@example.com", "b@example.net");
        assertThat(policy.https()).containsExactly(URI.create("https://r.example.com/tls"));
    }

    @Test
    void ignoresUnknownFieldsAndUnsupportedSchemes() throws Exception {
        TlsRptPolicy policy = TlsRptPolicy.parse("v=TLSRPTv1; ext_1=anything; rua=ftp://x.example/r,mailto:r@example.com");

        assertThat(policy.mailto()).containsExactly("r@example.com");
    }

    @Test
    void decodesMailtoEscapesAndDropsTheQuery() throws Exception {
        TlsRptPolicy policy = TlsRptPolicy.parse("v=TLSRPTv1; rua=mailto:tls%2Drpt@example.com?subject=hello");

        assertThat(policy.mailto()).containsExactly("tls-rpt@example.com");
    }

    @Test
    void usesTheOneRecordThatBeginsWithTheVersion() throws Exception {
        assertThat(TlsRptPolicy.select(List.of("v=spf1 -all", "v=TLSRPTv1; rua=mailto:r@example.com")))
                .hasValueSatisfying(policy -> assertThat(policy.mailto()).containsExactly("r@example.com"));
    }

    @Test
    void noRecordMeansNoReporting() throws Exception {
        assertThat(TlsRptPolicy.select(List.of())).isEmpty();
        assertThat(TlsRptPolicy.select(List.of("v=spf1 -all", "v=TLSRPTv10; rua=mailto:r@example.com"))).isEmpty();
    }

    @Test
    void severalRecordsMeanNoReporting() throws Exception {
        // RFC 8460 §3: unless exactly one record remains, the domain does not implement TLSRPT
        assertThat(TlsRptPolicy.select(List.of("v=TLSRPTv1; rua=mailto:a@example.com",
                "v=TLSRPTv1; rua=mailto:b@example.com"))).isEmpty();
    }

    @Test
    void aMalformedSingleRecordIsAnError() {
        assertThatThrownBy(() -> TlsRptPolicy.select(List.of("v=TLSRPTv1; rua=")))
                .isInstanceOf(TlsRptPolicyException.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "v=TLSRPTv1                                      | no rua field",
        "v=TLSRPTv1;                                     | no fields after",
        "v=TLSRPTv1; ext=1                               | no rua field",
        "v=TLSRPTv1; RUA=mailto:r@example.com            | no rua field",
        "v=TLSRPTv1;; rua=mailto:r@example.com           | empty field",
        "v=TLSRPTv1; rua=mailto:a@example.com; rua=mailto:b@example.com | more than once",
        "v=TLSRPTv1; rua                                 | has no \"=\"",
        "v=TLSRPTv1; -x=1; rua=mailto:r@example.com      | not a valid field name",
        "v=TLSRPTv1; ext=a b; rua=mailto:r@example.com   | field ext",
        "v=TLSRPTv1; rua=mailto:r@example.com,           | empty URI",
        "v=TLSRPTv1; rua=mailto:r@example.com!10m        | unencoded \"!\"",
        "v=TLSRPTv1; rua=mailto:nobody                   | does not name a mail address",
        "v=TLSRPTv1; rua=mailto:r@example.com%2           | not a valid URI: Malformed escape pair",
        "v=TLSRPTv1; rua=https:/reports                  | has no host",
        "v=TLSRPTv1; rua=reports@example.com             | has no scheme",
        "v=TLSRPTv1; rua=http://r.example.com/x          | no mailto: or https: URI",
        "v=TLSRPTv1; rua=mailto:a b@example.com          | not a valid URI",
        "v=TLSRPTv10; rua=mailto:r@example.com           | does not begin with v=TLSRPTv1 and",
        "rua=mailto:r@example.com; v=TLSRPTv1            | does not begin with v=TLSRPTv1",
    })
    void rejectsMalformedRecordsSayingWhy(String record, String reason) {
        assertThatThrownBy(() -> TlsRptPolicy.parse(record))
                .isInstanceOf(TlsRptPolicyException.class)
                .hasMessageContaining(reason);
    }
}
